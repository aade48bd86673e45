/** Shared zod schemas for command-line options. */
import { z } from 'zod'

export const intFrom = (min: number, max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`)

export const SubjectName = z.string().min(1)

/** What runs a cluster's members. */
export const RuntimeName = z.enum(['process', 'docker'], { error: 'must be process or docker' })
