/** Shared zod schemas for command-line options. */
import { z } from 'zod'
import { Duration, durationMs } from '../safety/policy/schema.js'

export const intFrom = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)

export const SubjectName = z.string().min(1)

/** What runs a cluster's members. */
export const RuntimeName = z.enum(['process', 'docker'], { error: 'must be process or docker' })

/** An age such as `30m`, `12h` or `7d` (the policy file's durations), in milliseconds. */
export const Age = Duration.transform(durationMs)
