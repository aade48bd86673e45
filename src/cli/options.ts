/** Shared zod schemas for command-line options. */
import { z } from 'zod'

export const intFrom = (min: number, max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`)

export const SubjectName = z.string().min(1)

/** What runs a cluster's members. */
export const RuntimeName = z.enum(['process', 'docker'], { error: 'must be process or docker' })

const AGE = /^(\d+)(s|m|h|d)$/
const AGE_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/** An age such as `30m`, `12h` or `7d`, in milliseconds. */
export const Age = z
  .string()
  .regex(AGE, 'must be an age such as 30m, 12h or 7d')
  .transform((text) => {
    const m = AGE.exec(text)
    return m?.[1] && m[2] ? Number(m[1]) * AGE_MS[m[2] as keyof typeof AGE_MS] : 0
  })
