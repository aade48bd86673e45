/**
 * Which leader the up members agree on: among members that name a leader,
 * those at the highest term, by majority. The leader must itself be up and
 * claim leadership: a leader nobody can reach is not serving.
 */
import type { EtcdObservation, MemberObservation } from './observation.js'
import { isUp } from './observation.js'

export function agreedLeader(members: readonly MemberObservation[]): EtcdObservation['leader'] {
  const up = members.filter(isUp)
  const reporting = up.filter((m) => m.leader_id !== '0')
  if (reporting.length === 0) return null
  const topTerm = Math.max(...reporting.map((m) => m.raft_term))
  const votes = new Map<string, number>()
  for (const m of reporting) {
    if (m.raft_term === topTerm) votes.set(m.leader_id, (votes.get(m.leader_id) ?? 0) + 1)
  }
  let best: string | null = null
  let bestVotes = 0
  for (const [id, count] of votes) {
    if (count > bestVotes) {
      best = id
      bestVotes = count
    }
  }
  const leader = up.find((m) => m.member_id === best)
  if (leader === undefined || !leader.is_leader) return null
  return { name: leader.name, member_id: leader.member_id }
}
