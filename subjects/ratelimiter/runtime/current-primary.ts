/**
 * Where a Redis node that (re)starts should replicate from: the primary the
 * Sentinels name (the majority of those that answer), else a Redis node of
 * the run that says it is a primary; null when nobody can say.
 */

import { redisInfo, sentinelPrimaryPort } from './redis-probe.js'
import type { RatelimiterRunRecord } from './run-record.js'

/** The port most of the answers name; null without answers or on a tie. */
export function majorityPort(answers: readonly (number | null)[]): number | null {
  const counts = new Map<number, number>()
  for (const p of answers) if (p !== null) counts.set(p, (counts.get(p) ?? 0) + 1)
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1])
  const [first, second] = ranked
  if (first === undefined || (second !== undefined && second[1] === first[1])) return null
  return first[0]
}

/** The current primary's port, asked of the Sentinels, then of the other Redis nodes. */
export async function currentPrimaryPort(run: RatelimiterRunRecord, except?: string): Promise<number | null> {
  const sentinels = run.nodes.filter((n) => n.kind === 'sentinel')
  const named = majorityPort(await Promise.all(sentinels.map((s) => sentinelPrimaryPort(s.port, run.master_name))))
  if (named !== null) return named
  for (const node of run.nodes.filter((n) => n.kind === 'redis' && n.name !== except)) {
    try {
      if ((await redisInfo(node.port)).role === 'master') return node.port
    } catch {
      // Not answering: ask the next.
    }
  }
  return null
}
