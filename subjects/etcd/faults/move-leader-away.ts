/**
 * move_leader_away: moves the leadership off the preferred member to another
 * member that answers (the named one, when a member target is given).
 */
import { OperatorError } from '../../../src/core/errors.js'
import type { FaultDefinition } from '../../../src/core/subject.js'
import { leaderOf, queryMembers } from '../cluster-query.js'
import { TRANSFER_TIMEOUT_MS } from '../defaults.js'
import type { EtcdHandle } from '../handle.js'
import { transferLeadership } from '../leader-transfer.js'

export function moveLeaderAwayFault(handle: EtcdHandle): FaultDefinition {
  return {
    name: 'move_leader_away',
    description: 'move the leader from the preferred member to another healthy member (--target names it)',
    targeted: false,
    async inject(target, ctx) {
      const preferred = handle.run.preferred
      const answers = await queryMembers(handle.clients)
      const leader = leaderOf(answers)
      if (leader === null)
        throw new OperatorError(
          'conflict',
          'no member reports itself leader right now',
          'wait for an election, then retry',
        )
      if (leader.name !== preferred) {
        return {
          fault: 'move_leader_away',
          targets: [],
          summary: `leader already away from ${preferred} (on ${leader.name})`,
          details: { leader: leader.name, preferred },
        }
      }
      const to = target.kind === 'member' ? target.name : answers.find((a) => a.ok && a.name !== leader.name)?.name
      if (to === undefined || to === leader.name) {
        throw new OperatorError(
          'conflict',
          `no other member than ${leader.name} can take the leadership`,
          'bring the other members back first',
        )
      }
      const moved = await transferLeadership(handle.clients, to, {
        clock: ctx.clock,
        signal: ctx.signal,
        timeoutMs: TRANSFER_TIMEOUT_MS,
      })
      if (!moved.ok)
        throw new OperatorError(
          'subject',
          `could not move the leader to ${to}: ${moved.reason}`,
          'check the members with `operator cluster status`',
        )
      ctx.log('leader moved away', { from: moved.from, to })
      return {
        fault: 'move_leader_away',
        targets: [moved.from, to],
        summary: `leader moved ${moved.from} → ${to}`,
        details: { from: moved.from, to, term: moved.term },
      }
    },
  }
}
