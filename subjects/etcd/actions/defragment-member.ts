/** defragment_member: rewrite one member's backend to return freed space to the file system. */

import { z } from 'zod'
import { actionSpec } from '../../../src/core/action.js'
import { deadline } from '../clients.js'
import { MAINTENANCE_TIMEOUT_MS } from '../defaults.js'
import { describeError } from '../grpc-errors.js'
import type { EtcdHandle } from '../handle.js'
import { defineAction, failed, MemberNameSchema, ok } from './define.js'

export const DEFRAGMENT_MEMBER = actionSpec({
  name: 'defragment_member',
  kind: 'subject',
  description: "Defragment one member's backend database (blocks that member while it runs).",
  params: z.strictObject({ member: MemberNameSchema }),
  risk: 'low',
  tier: 1,
})

export function defragmentMemberAction(handle: EtcdHandle) {
  return defineAction({
    ...DEFRAGMENT_MEMBER,
    async run({ member }, ctx) {
      ctx.signal.throwIfAborted()
      const client = handle.clients.get(member)
      let before: number
      try {
        before = Number((await client.maintenance.status()).dbSize)
      } catch (err) {
        return failed(`${member} is not up`, describeError(err))
      }
      try {
        await client.maintenance.defragment(deadline(MAINTENANCE_TIMEOUT_MS))
      } catch (err) {
        return failed(`defragmenting ${member} failed`, describeError(err), { db_size_before: before })
      }
      let after: number | null = null
      try {
        after = Number((await client.maintenance.status()).dbSize)
      } catch {
        // The defragment succeeded; the size afterwards is only a detail.
      }
      ctx.log('member defragmented', { member, db_size_before: before, db_size_after: after })
      return ok(`defragmented ${member}: ${before} B → ${after ?? '?'} B`, {
        member,
        db_size_before: before,
        db_size_after: after,
      })
    },
  })
}
