/**
 * Parameter schemas shared by the Docker actions. Names are checked against
 * Docker's own grammar so that nothing but a name or id reaches an API path.
 */
import { z } from 'zod'

/** A container or network name, or a (possibly short) hex id. */
export const DockerRef = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'must be a Docker name or id (letters, digits, _ . -)')

export const ContainerParams = z.strictObject({ container: DockerRef })

/** Grace before SIGKILL, in seconds, as `docker stop -t` takes it. */
export const StopTimeout = z.number().int().min(0).max(300).default(10)
