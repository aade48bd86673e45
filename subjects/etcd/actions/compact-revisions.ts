/** compact_revisions: drop the key history up to a revision (the current one by default), physically. */

import { GRPCOutOfRangeError } from 'etcd3'
import { z } from 'zod'
import { actionSpec } from '../../../src/core/action.js'
import { deadline } from '../clients.js'
import { leaderOf, queryMembers } from '../cluster-query.js'
import { MAINTENANCE_TIMEOUT_MS } from '../defaults.js'
import { describeError } from '../grpc-errors.js'
import type { EtcdHandle } from '../handle.js'
import { defineAction, failed, ok } from './define.js'

export const COMPACT_REVISIONS = actionSpec({
  name: 'compact_revisions',
  kind: 'subject',
  description:
    'Compact the key history up to a revision (default: the current one), waiting until it is physically applied.',
  params: z.strictObject({ revision: z.number().int().positive().optional() }),
  risk: 'medium',
  tier: 1,
})

export function compactRevisionsAction(handle: EtcdHandle) {
  return defineAction({
    ...COMPACT_REVISIONS,
    async run({ revision }, ctx) {
      ctx.signal.throwIfAborted()
      const answers = await queryMembers(handle.clients)
      const leader = leaderOf(answers)
      const via = answers.find((a) => a.ok && a.name === leader?.name) ?? answers.find((a) => a.ok)
      if (via === undefined || !via.ok)
        return failed('no member answers', 'compaction needs an up member with a leader')
      const current = Number(via.status.header.revision)
      const target = revision ?? current
      try {
        await handle.clients
          .get(via.name)
          .kv.compact({ revision: target, physical: true }, deadline(MAINTENANCE_TIMEOUT_MS))
      } catch (err) {
        // Out of range for the current revision means it is already compacted there.
        if (err instanceof GRPCOutOfRangeError && revision === undefined) {
          return ok(`history already compacted at revision ${target}`, { revision: target, via: via.name })
        }
        return failed(`compaction to revision ${target} failed`, describeError(err), {
          revision: target,
          current_revision: current,
        })
      }
      ctx.log('revisions compacted', { revision: target, via: via.name })
      return ok(`compacted history up to revision ${target}`, { revision: target, via: via.name })
    },
  })
}
