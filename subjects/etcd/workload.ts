/**
 * Steady client load on an etcd run for `operator workload`: one etcd3 client
 * over every member, so load moves to the survivors when a member dies. Each
 * op puts one of a bounded set of keys and reads it back. No retries and a
 * deadline on every call (as in clients.ts), so a failure is counted, not
 * hidden; a per-member circuit breaker skips an unreachable member for a
 * moment instead of failing every op sent its way. The workload compacts its
 * own history as it goes (workload-history.ts), so it never fills the quota
 * by itself.
 */
import type { CallOptions } from '@grpc/grpc-js'
import { ConsecutiveBreaker, circuitBreaker, handleWhen, isBrokenCircuitError, noop } from 'cockatiel'
import {
  ClientClosedError,
  Etcd3,
  GRPCCancelledError,
  GRPCDeadlineExceededError,
  GRPCOutOfRangeError,
  GRPCResourceExhastedError,
  GRPCUnavailableError,
} from 'etcd3'
import { OperatorError } from '../../src/core/errors.js'
import { type SubjectDeps, type WorkloadClient, WorkloadOpError } from '../../src/core/subject.js'
import { deadline } from './clients.js'
import { CALL_TIMEOUT_MS } from './defaults.js'
import { describeError } from './grpc-errors.js'
import { type RunMember, readRunRecord, resolveRunId } from './runtime/run-records.js'
import { createHistoryTrimmer } from './workload-history.js'

/** How many distinct keys the workload writes: bounded, so its live data stays a few kilobytes. */
export const WORKLOAD_KEY_COUNT = 64

/** Prefix of every key the workload writes. */
export const WORKLOAD_KEY_PREFIX = 'operator/workload/'

/** How long an unreachable member is skipped before one op probes it again. */
const MEMBER_SKIP_MS = 1000

/** Consecutive unreachable errors from one member before it is skipped. */
const MEMBER_SKIP_AFTER = 2

/** Workload puts between compactions of the history: the last 2048–4096 workload revisions stay. */
const COMPACT_EVERY_PUTS = 2048

/** The key op `seq` writes and reads. */
export function workloadKey(seq: number): string {
  return `${WORKLOAD_KEY_PREFIX}${seq % WORKLOAD_KEY_COUNT}`
}

/** A short class of an etcd client error, from its typed class (never its text). */
export function workloadErrorKind(err: unknown): string {
  if (err instanceof GRPCDeadlineExceededError) return 'deadline'
  if (err instanceof GRPCUnavailableError || isBrokenCircuitError(err)) return 'unavailable'
  if (err instanceof GRPCResourceExhastedError) return 'nospace'
  if (err instanceof GRPCCancelledError) return 'cancelled'
  if (err instanceof ClientClosedError) return 'closed'
  return 'other'
}

/** Whether the error says the member itself is unreachable (down or not answering). */
function memberUnreachable(err: Error): boolean {
  return err instanceof GRPCUnavailableError || err instanceof GRPCDeadlineExceededError
}

/** Client URLs must be loopback: the workload never sends load off this machine. */
function loopbackHost(member: RunMember): string {
  let url: URL
  try {
    url = new URL(member.client_url)
  } catch {
    throw new OperatorError(
      'subject',
      `member ${member.name} has an invalid client URL "${member.client_url}"`,
      'run `operator cluster down` and `operator cluster up` again',
    )
  }
  if (url.hostname !== '127.0.0.1') {
    throw new OperatorError(
      'subject',
      `member ${member.name} listens on ${url.hostname}, not 127.0.0.1`,
      'the workload only drives local clusters; run `operator cluster up`',
    )
  }
  return member.client_url
}

/** Opens the workload client on a run (the current one when runId is undefined). */
export async function openEtcdWorkload(
  home: string,
  runId: string | undefined,
  deps: SubjectDeps,
): Promise<WorkloadClient> {
  const id = resolveRunId(home, runId)
  const run = readRunRecord(home, id)
  const memberByUrl = new Map(run.members.map((m) => [loopbackHost(m).replace(/^https?:\/\//, ''), m.name]))

  const memberPolicy = (host: string) => {
    const member = memberByUrl.get(host.replace(/^https?:\/\//, '')) ?? host
    const breaker = circuitBreaker(handleWhen(memberUnreachable), {
      halfOpenAfter: MEMBER_SKIP_MS,
      breaker: new ConsecutiveBreaker(MEMBER_SKIP_AFTER),
    })
    // Log transitions only: a failed probe of a member already skipped breaks the circuit again.
    let skipped = false
    breaker.onBreak(() => {
      if (skipped) return
      skipped = true
      deps.log(`workload: ${member} unreachable, ops skip it until it answers`, {
        event: 'workload.member_skipped',
        member,
      })
    })
    breaker.onReset(() => {
      if (!skipped) return
      skipped = false
      deps.log(`workload: ${member} answers again`, { event: 'workload.member_back', member })
    })
    return breaker
  }

  const client = new Etcd3({
    hosts: run.members.map((m) => m.client_url),
    // No retries: an op that fails is reported. The per-member breaker only
    // decides which member the next op goes to.
    faultHandling: { host: memberPolicy, global: noop },
    defaultCallOptions: (ctx): CallOptions => (ctx.isStream ? {} : deadline(CALL_TIMEOUT_MS)),
    grpcOptions: {
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1000,
    },
  })

  const history = createHistoryTrimmer(
    COMPACT_EVERY_PUTS,
    async (revision) => {
      await client.kv.compact({ revision, physical: false })
    },
    (err, revision) => {
      // Someone compacted further already (compact_revisions): nothing left to do.
      if (err instanceof GRPCOutOfRangeError) return
      deps.log(`workload: compacting its history to revision ${revision} failed: ${describeError(err)}`, {
        event: 'workload.compact_failed',
        revision,
      })
    },
  )

  return {
    async op(seq, signal) {
      const key = workloadKey(seq)
      try {
        const put = await client.put(key).value(`seq=${seq}`).exec()
        history.recordPut(Number(put.header.revision))
        if (signal.aborted) return
        await client.get(key).string()
      } catch (err) {
        throw new WorkloadOpError(workloadErrorKind(err), describeError(err), { cause: err })
      }
    },
    async close() {
      await history.idle()
      client.close()
    },
  }
}
