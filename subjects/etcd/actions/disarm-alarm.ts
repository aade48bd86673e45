/** disarm_alarm: deactivate one alarm type for every member that raised it. */

import { z } from 'zod'
import { actionSpec } from '../../../src/core/action.js'
import { memberNamesById, queryMembers } from '../cluster-query.js'
import { describeError } from '../grpc-errors.js'
import type { EtcdHandle } from '../handle.js'
import { toRawAlarms } from '../member-probe.js'
import { defineAction, failed, ok } from './define.js'

const ETCD3_ALARM = { NOSPACE: 'Nospace', CORRUPT: 'Corrupt' } as const

export const DISARM_ALARM = actionSpec({
  name: 'disarm_alarm',
  kind: 'subject',
  description: 'Disarm an alarm (NOSPACE or CORRUPT) for every member that raised it.',
  params: z.strictObject({ alarm: z.enum(['NOSPACE', 'CORRUPT']) }),
  risk: 'low',
  tier: 1,
})

export function disarmAlarmAction(handle: EtcdHandle) {
  return defineAction({
    ...DISARM_ALARM,
    async run({ alarm }, ctx) {
      ctx.signal.throwIfAborted()
      const answers = await queryMembers(handle.clients)
      const asker = answers.find((a) => a.ok)
      if (asker === undefined) return failed('no member answers', 'disarming needs an up member')
      const client = handle.clients.get(asker.name)
      let raised: string[]
      try {
        const res = await client.maintenance.alarm({ action: 'Get', alarm: 'None', memberID: 0 })
        raised = toRawAlarms(res.alarms)
          .filter((a) => a.alarm === alarm)
          .map((a) => a.member_id)
      } catch (err) {
        return failed('could not list alarms', describeError(err))
      }
      if (raised.length === 0) return ok(`no ${alarm} alarm raised`, { alarm, members: [] })
      const names = await memberNamesById(handle.clients, asker.name)
      const disarmed: string[] = []
      for (const memberId of raised) {
        try {
          await client.maintenance.alarm({ action: 'Deactivate', alarm: ETCD3_ALARM[alarm], memberID: memberId })
          disarmed.push(names.get(memberId) ?? memberId)
        } catch (err) {
          return failed(`could not disarm ${alarm} for ${names.get(memberId) ?? memberId}`, describeError(err), {
            alarm,
            disarmed,
          })
        }
      }
      ctx.log('alarm disarmed', { alarm, members: disarmed })
      return ok(`disarmed ${alarm} for ${disarmed.join(', ')}`, { alarm, members: disarmed })
    },
  })
}
