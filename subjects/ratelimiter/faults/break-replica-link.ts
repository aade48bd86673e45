/**
 * break_replica_link: point a replica at a port nothing listens on
 * (REPLICAOF 127.0.0.1 1), so its link to the primary is down and it serves
 * ever staler data. heal_replica_link is the harness's undo: point it back
 * at the agreed primary, without waiting for the link.
 */
import { OperatorError } from '../../../src/core/errors.js'
import type { FaultDefinition } from '../../../src/core/subject.js'
import { repoint } from '../actions/restart-redis-node.js'
import { portOf, type RatelimiterHandle } from '../handle.js'
import { describeRedisError } from '../redis-admin.js'
import { primaryOf, resolveTarget } from './resolve-target.js'

/** A port nothing listens on: a replica pointed there never links. */
export const UNUSED_PORT = 1

export function breakReplicaLinkFault(handle: RatelimiterHandle): FaultDefinition {
  return {
    name: 'break_replica_link',
    description: `point a replica at 127.0.0.1:${UNUSED_PORT}, where nothing listens: its replication link goes down`,
    targeted: true,
    async inject(target, ctx) {
      ctx.signal.throwIfAborted()
      const member = await resolveTarget(handle, target, 'break_replica_link', ['redis'])
      const primary = await primaryOf(handle, 'break_replica_link')
      if (member === primary)
        throw new OperatorError(
          'usage',
          `break_replica_link: ${member} is the primary, not a replica`,
          'target a replica: --target follower',
        )
      try {
        await handle.redis(portOf(handle, member), (c) => c.call('REPLICAOF', '127.0.0.1', UNUSED_PORT))
      } catch (err) {
        throw new OperatorError(
          'subject',
          `${member} refused REPLICAOF: ${describeRedisError(err)}`,
          'check that it runs',
        )
      }
      ctx.log('replica link broken', { member, primary })
      return {
        fault: 'break_replica_link',
        targets: [member],
        summary: `${member} now replicates from 127.0.0.1:${UNUSED_PORT} instead of ${primary}: its link is down`,
        details: { member, primary, port: UNUSED_PORT },
      }
    },
  }
}

export function healReplicaLinkFault(handle: RatelimiterHandle): FaultDefinition {
  return {
    name: 'heal_replica_link',
    description: 'point a replica back at the agreed primary (the undo of break_replica_link), without waiting',
    targeted: true,
    async inject(target, ctx) {
      ctx.signal.throwIfAborted()
      const member = await resolveTarget(handle, target, 'heal_replica_link', ['redis'])
      const primary = await primaryOf(handle, 'heal_replica_link')
      if (member === primary)
        return { fault: 'heal_replica_link', targets: [], summary: `${member} is the primary: nothing to heal` }
      if (!(await repoint(handle, member, primary)))
        throw new OperatorError('subject', `${member} refused REPLICAOF ${primary}`, 'check that it runs')
      ctx.log('replica link healed', { member, primary })
      return {
        fault: 'heal_replica_link',
        targets: [member],
        summary: `${member} points at ${primary} again`,
        details: { member, primary },
      }
    },
  }
}
