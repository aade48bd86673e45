/**
 * fill_quota: overwrites a small set of keys with large random values until
 * the backend quota is exhausted (a put fails with NOSPACE, or the alarm is
 * raised). Overwrites keep old revisions, so compaction plus defragmentation
 * can free the space again. Bounded by a number of writes and by time.
 */
import { randomBytes } from 'node:crypto'
import { OperatorError } from '../../../src/core/errors.js'
import type { FaultDefinition } from '../../../src/core/subject.js'
import { deadline } from '../clients.js'
import { leaderOf, queryMembers } from '../cluster-query.js'
import { describeError, isNoSpaceError } from '../grpc-errors.js'
import type { EtcdHandle } from '../handle.js'
import { toRawAlarms } from '../member-probe.js'

/** Limits of one fill. */
export interface FillLimits {
  keys: number
  valueBytes: number
  maxWrites: number
  maxMs: number
  /** Consecutive failed puts (other than NOSPACE) before giving up. */
  maxErrors: number
}

export const DEFAULT_FILL_LIMITS: FillLimits = {
  keys: 8,
  valueBytes: 256 * 1024,
  maxWrites: 2000,
  maxMs: 120_000,
  maxErrors: 5,
}

export function fillQuotaFault(handle: EtcdHandle, limits: FillLimits = DEFAULT_FILL_LIMITS): FaultDefinition {
  return {
    name: 'fill_quota',
    description: `overwrite ${limits.keys} keys with ${limits.valueBytes / 1024} KiB random values until the backend quota raises NOSPACE`,
    targeted: false,
    async inject(_target, ctx) {
      const answers = await queryMembers(handle.clients)
      const leader = leaderOf(answers)
      const via = answers.find((a) => a.ok && a.name === leader?.name) ?? answers.find((a) => a.ok)
      if (via === undefined)
        throw new OperatorError(
          'cluster_unreachable',
          'no member answers: cannot fill the quota',
          'bring the cluster up first',
        )
      const client = handle.clients.get(via.name)
      const started = ctx.clock.now()
      let writes = 0
      let errors = 0
      let lastError = ''
      let reached: 'put_rejected' | 'alarm' | null = null
      while (reached === null && writes < limits.maxWrites && ctx.clock.now() - started < limits.maxMs) {
        ctx.signal.throwIfAborted()
        try {
          await client
            .put(`operator/fill/${writes % limits.keys}`)
            .value(randomBytes(limits.valueBytes))
            .options(deadline(5000))
          writes++
          errors = 0
        } catch (err) {
          if (isNoSpaceError(err)) {
            reached = 'put_rejected'
            break
          }
          lastError = describeError(err)
          if (++errors >= limits.maxErrors) break
        }
        if (writes % limits.keys === 0) {
          const res = await client.maintenance.alarm({ action: 'Get', alarm: 'None', memberID: 0 }).catch(() => null)
          if (res !== null && toRawAlarms(res.alarms).some((a) => a.alarm === 'NOSPACE')) reached = 'alarm'
        }
      }
      const details = {
        via: via.name,
        writes,
        bytes_written: writes * limits.valueBytes,
        quota_bytes: handle.run.quota_bytes,
        reached,
      }
      if (reached === null) {
        throw new OperatorError(
          'subject',
          `quota not reached after ${writes} writes${lastError !== '' ? ` (last error: ${lastError})` : ''}`,
          'check the run quota in run.json and that the cluster accepts writes',
        )
      }
      ctx.log('quota filled', details)
      return {
        fault: 'fill_quota',
        targets: [],
        summary: `NOSPACE after ${writes} writes of ${limits.valueBytes / 1024} KiB`,
        details,
      }
    },
  }
}
