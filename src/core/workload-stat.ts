/**
 * A subject's own measure of its load (the ratelimiter's most admitted per
 * key window against the limit, its 429 share): the workload reports it with
 * every sample and the Workload panel shows it without knowing what it means.
 */
import { z } from 'zod'

export const WorkloadStat = z.object({
  /** Short name shown before the value: `admitted`, `429`. */
  name: z.string().min(1).max(24),
  value: z.number().finite(),
  /** What the value is held against, shown as `value/limit`. */
  limit: z.number().finite().optional(),
  /** `%`: the value is a share in [0, 1], shown as a percentage. */
  unit: z.literal('%').optional(),
  /** Out of bounds: shown in the alarm colour. */
  bad: z.boolean(),
})
export type WorkloadStat = z.infer<typeof WorkloadStat>

/** The stats of a sample line, or none when the line carries no valid list (an older workload, or another subject). */
export function parseWorkloadStats(raw: unknown): WorkloadStat[] {
  const parsed = z.array(WorkloadStat).max(8).safeParse(raw)
  return parsed.success ? parsed.data : []
}

/** `admitted 20/22`, `429 31%`, `over-limit 0`. */
export function formatWorkloadStat(stat: WorkloadStat): string {
  const show = (v: number) => (stat.unit === '%' ? `${Math.round(v * 100)}%` : String(Math.round(v * 10) / 10))
  return stat.limit === undefined
    ? `${stat.name} ${show(stat.value)}`
    : `${stat.name} ${show(stat.value)}/${show(stat.limit)}`
}
