/**
 * Moves leadership to a named member: moveLeader is sent to the current
 * leader (found by a fresh status of every member), then waits, bounded,
 * until the target reports itself leader. Used by `up` (preferred leader),
 * the transfer_leader action and the move_leader_away fault.
 */
import type { Clock } from '../../src/core/clock.js'
import type { MemberClients } from './clients.js'
import { deadline } from './clients.js'
import { answerOf, leaderOf, queryMembers } from './cluster-query.js'
import { describeError } from './grpc-errors.js'

export type TransferOutcome =
  | { ok: true; from: string; to: string; already: boolean; term: number }
  | { ok: false; reason: string }

export interface TransferOptions {
  clock: Clock
  signal: AbortSignal
  timeoutMs: number
}

/**
 * Transfers leadership to `to`. Operational failures (no leader, target not
 * up, timeout) are results; only an abort of the signal throws.
 */
export async function transferLeadership(
  clients: MemberClients,
  to: string,
  options: TransferOptions,
): Promise<TransferOutcome> {
  const { clock, signal, timeoutMs } = options
  signal.throwIfAborted()
  const answers = await queryMembers(clients)
  const target = answerOf(answers, to)
  if (target === null) {
    const a = answers.find((x) => x.name === to)
    return { ok: false, reason: `target ${to} is not up${a !== undefined && !a.ok ? `: ${a.error}` : ''}` }
  }
  const leader = leaderOf(answers)
  if (leader === null) return { ok: false, reason: 'no member reports itself leader' }
  if (leader.name === to) return { ok: true, from: to, to, already: true, term: leader.term }

  try {
    await clients.get(leader.name).maintenance.moveLeader({ targetID: target.member_id }, deadline(timeoutMs))
  } catch (err) {
    return { ok: false, reason: `moveLeader on ${leader.name} failed: ${describeError(err)}` }
  }
  const until = clock.now() + timeoutMs
  for (;;) {
    try {
      const status = await clients.get(to).maintenance.status()
      if (String(status.leader) === target.member_id) {
        return { ok: true, from: leader.name, to, already: false, term: Number(status.raftTerm) }
      }
    } catch {
      // Not answering for a moment during the election: keep waiting within the bound.
    }
    if (clock.now() >= until) return { ok: false, reason: `${to} did not become leader within ${timeoutMs} ms` }
    await clock.sleep(100, signal)
  }
}
