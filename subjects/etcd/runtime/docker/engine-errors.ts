/**
 * Engine errors by their HTTP status (docker-modem sets statusCode), never by
 * message text, and the one-line OperatorError a person sees for the rest.
 */
import { errorMessage, OperatorError } from '../../../../src/core/errors.js'

export function engineStatus(err: unknown): number | null {
  if (err !== null && typeof err === 'object' && 'statusCode' in err && typeof err.statusCode === 'number')
    return err.statusCode
  return null
}

export function isEngineNotFound(err: unknown): boolean {
  return engineStatus(err) === 404
}

/** Wraps an unexpected engine failure, keeping an OperatorError as it is. */
export function engineFailure(what: string, err: unknown): OperatorError {
  if (err instanceof OperatorError) return err
  const message = errorMessage(err).split('\n')[0] ?? ''
  return new OperatorError(
    'subject',
    `${what}: ${message}`,
    'check the engine with `docker info` (DOCKER_HOST) and the members with `operator cluster status`',
    { cause: err, code: engineUnreachable(err) ? 'docker_unavailable' : 'subject_failed' },
  )
}

/** The engine did not answer at all: its socket is gone or refuses connections (by errno, never by text). */
function engineUnreachable(err: unknown): boolean {
  if (err === null || typeof err !== 'object' || !('code' in err)) return false
  const syscall = 'syscall' in err ? err.syscall : undefined
  return err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET' || (err.code === 'ENOENT' && syscall === 'connect')
}
