/**
 * squeeze_memory: set the primary's maxmemory just above what it uses and
 * write filler keys with TTLs until Redis evicts (evicted_keys grows):
 * under volatile-lru limiter counters are eviction candidates too. Bounded
 * by writes and time. restore_maxmemory is the undo: the run's maxmemory on
 * every node, and the filler keys removed.
 */
import { randomBytes } from 'node:crypto'
import { OperatorError } from '../../../src/core/errors.js'
import type { FaultDefinition } from '../../../src/core/subject.js'
import { membersOf, portOf, type RatelimiterHandle } from '../handle.js'
import { infoNumber, parseInfo, type RedisConn } from '../redis-admin.js'
import { primaryOf } from './resolve-target.js'

export const FILLER_PREFIX = 'operator:filler:'

export interface SqueezeLimits {
  /** maxmemory is set to used_memory plus this. */
  marginBytes: number
  valueBytes: number
  /** Filler keys live this long: long enough to keep the pressure, short enough to go away. */
  ttlMs: number
  batch: number
  maxWrites: number
  maxMs: number
}

export const DEFAULT_SQUEEZE: SqueezeLimits = {
  marginBytes: 512 * 1024,
  valueBytes: 16 * 1024,
  ttlMs: 600_000,
  batch: 16,
  maxWrites: 4000,
  maxMs: 30_000,
}

async function memory(c: RedisConn): Promise<{ used: number; max: number; evicted: number }> {
  const info = parseInfo(`${await c.call('INFO', 'memory')}\n${await c.call('INFO', 'stats')}`)
  return {
    used: infoNumber(info, 'used_memory') ?? 0,
    max: infoNumber(info, 'maxmemory') ?? 0,
    evicted: infoNumber(info, 'evicted_keys') ?? 0,
  }
}

export function squeezeMemoryFault(
  handle: RatelimiterHandle,
  limits: SqueezeLimits = DEFAULT_SQUEEZE,
): FaultDefinition {
  return {
    name: 'squeeze_memory',
    description: `set the primary's maxmemory to ${limits.marginBytes / 1024} KiB above its used memory and write filler keys until it evicts`,
    targeted: false,
    async inject(_target, ctx) {
      const primary = await primaryOf(handle, 'squeeze_memory')
      const started = ctx.clock.now()
      const out = await handle.redis(portOf(handle, primary), async (c) => {
        const before = await memory(c)
        const squeezed = before.used + limits.marginBytes
        await c.call('CONFIG', 'SET', 'maxmemory', squeezed)
        let writes = 0
        let evicted = before.evicted
        while (evicted <= before.evicted && writes < limits.maxWrites && ctx.clock.now() - started < limits.maxMs) {
          ctx.signal.throwIfAborted()
          const batch = Array.from({ length: limits.batch }, (_, i) =>
            c.call(
              'SET',
              `${FILLER_PREFIX}${writes + i}`,
              randomBytes(limits.valueBytes).toString('base64'),
              'PX',
              limits.ttlMs,
            ),
          )
          // An OOM refusal of one write is pressure too; evicted_keys decides.
          await Promise.allSettled(batch)
          writes += limits.batch
          evicted = (await memory(c)).evicted
        }
        return { before, squeezed, writes, evicted }
      })
      const details = {
        primary,
        maxmemory_was: out.before.max,
        maxmemory: out.squeezed,
        used_memory: out.before.used,
        writes: out.writes,
        evicted: out.evicted - out.before.evicted,
      }
      if (out.evicted <= out.before.evicted)
        throw new OperatorError(
          'subject',
          `${primary} evicted nothing after ${out.writes} filler writes`,
          'check its maxmemory-policy (volatile-lru)',
        )
      ctx.log('memory squeezed', details)
      return {
        fault: 'squeeze_memory',
        targets: [primary],
        summary: `maxmemory of ${primary} ${out.before.max} → ${out.squeezed}; ${details.evicted} keys evicted after ${out.writes} filler writes`,
        details,
      }
    },
  }
}

export function restoreMaxmemoryFault(handle: RatelimiterHandle): FaultDefinition {
  return {
    name: 'restore_maxmemory',
    description:
      "set every Redis node's maxmemory back to the run's and remove the filler keys (the undo of squeeze_memory)",
    targeted: false,
    async inject(_target, ctx) {
      const bytes = handle.run.maxmemory_bytes
      const done: string[] = []
      for (const member of membersOf(handle, 'redis')) {
        ctx.signal.throwIfAborted()
        const set = await handle
          .redis(portOf(handle, member), (c) => c.call('CONFIG', 'SET', 'maxmemory', bytes))
          .then(
            () => true,
            () => false,
          )
        if (set) done.push(member)
      }
      const primary = await primaryOf(handle, 'restore_maxmemory')
      const removed = await handle.redis(portOf(handle, primary), async (c) => {
        let cursor = '0'
        let n = 0
        do {
          const reply = (await c.call('SCAN', cursor, 'MATCH', `${FILLER_PREFIX}*`, 'COUNT', 1000)) as [
            string,
            string[],
          ]
          cursor = String(reply[0])
          if (reply[1].length > 0) n += Number(await c.call('UNLINK', ...reply[1]))
        } while (cursor !== '0')
        return n
      })
      ctx.log('maxmemory restored', { bytes, members: done, fillers_removed: removed })
      return {
        fault: 'restore_maxmemory',
        targets: done,
        summary: `maxmemory ${bytes} on ${done.join(', ') || 'no node'}; ${removed} filler keys removed`,
        details: { bytes, members: done, fillers_removed: removed },
      }
    },
  }
}
