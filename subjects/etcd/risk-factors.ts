/**
 * What makes an etcd action riskier than its base risk right now: acting on
 * the leader (an election follows), or taking a member away while another
 * is already down (quorum is at stake).
 */
import type { EtcdObservation } from './observation.js'

const DISRUPTIVE = new Set([
  'restart_member',
  'defragment_member',
  'docker_restart',
  'docker_stop',
  'docker_pause',
  'docker_network_disconnect',
])

export function etcdRiskFactors(action: string, params: Record<string, unknown>, obs: EtcdObservation): string[] {
  const target =
    typeof params.member === 'string' ? params.member : typeof params.container === 'string' ? params.container : null
  if (!target || !DISRUPTIVE.has(action)) return []
  const factors: string[] = []
  const member = obs.members.find((m) => m.name === target || target.endsWith(`-${m.name}`))
  if (member && obs.leader?.name === member.name) factors.push(`targets the leader ${member.name}`)
  const othersDown = obs.members.filter((m) => m.name !== member?.name && (m.state !== 'up' || !m.healthy))
  if (member && member.state === 'up' && othersDown.length > 0)
    factors.push(
      `removes capacity while ${othersDown.map((m) => m.name).join(', ')} ${othersDown.length === 1 ? 'is' : 'are'} down`,
    )
  return factors
}
