/** transfer_leader: move leadership to a named member (moveLeader sent to the current leader). */

import { z } from 'zod'
import { actionSpec } from '../../../src/core/action.js'
import { TRANSFER_TIMEOUT_MS } from '../defaults.js'
import type { EtcdHandle } from '../handle.js'
import { transferLeadership } from '../leader-transfer.js'
import { defineAction, failed, MemberNameSchema, ok } from './define.js'

export const TRANSFER_LEADER = actionSpec({
  name: 'transfer_leader',
  kind: 'subject',
  description: 'Move the raft leadership to the named member (which must be up); waits until it leads.',
  params: z.strictObject({ to: MemberNameSchema }),
  risk: 'low',
  tier: 1,
})

export function transferLeaderAction(handle: EtcdHandle) {
  return defineAction({
    ...TRANSFER_LEADER,
    async run({ to }, ctx) {
      const outcome = await transferLeadership(handle.clients, to, {
        clock: ctx.clock,
        signal: ctx.signal,
        timeoutMs: TRANSFER_TIMEOUT_MS,
      })
      if (!outcome.ok) return failed(`leader not moved to ${to}`, outcome.reason)
      if (outcome.already) return ok(`${to} already leads (term ${outcome.term})`, { from: to, to, term: outcome.term })
      ctx.log('leader transferred', { from: outcome.from, to, term: outcome.term })
      return ok(`leader moved ${outcome.from} → ${to} (term ${outcome.term})`, {
        from: outcome.from,
        to,
        term: outcome.term,
      })
    },
  })
}
