/**
 * One poll of every member in parallel, assembled into an EtcdObservation.
 * Polls never overlap: a call made while a poll is in flight reuses that poll
 * (its result is at most one poll old). Cluster trouble is observed, never
 * thrown; only the caller's own abort rejects.
 */
import type { Clock } from '../../src/core/clock.js'
import { errorMessage } from '../../src/core/errors.js'
import type { MemberClients, MemberEndpoint } from './clients.js'
import { SUBJECT_NAME } from './defaults.js'
import { agreedLeader } from './leader-agreement.js'
import type { ProbeResult, RawAlarm } from './member-probe.js'
import { probeMember } from './member-probe.js'
import type { Alarm, EtcdObservation, MemberObservation, ProcessState } from './observation.js'
import { isUp } from './observation.js'
import type { MemberView } from './runtime/member-runtime.js'

export interface ObserverOptions {
  runId: string
  preferred: string
  quotaBytes: number
  clients: MemberClients
  /**
   * The member as its runtime sees it: a process state (pid record and
   * /proc), or a runtime's view that may also name its container and networks.
   */
  processState: (name: string) => RuntimeAnswer | Promise<RuntimeAnswer>
  /** Docker runtime: the network that carries peer traffic, recorded in every observation. */
  peerNetwork?: string
  clock: Clock
  log: (message: string, fields?: Record<string, unknown>) => void
}

export type Observe = (signal: AbortSignal) => Promise<EtcdObservation>

/** What a runtime answers about one member: its process state alone, or with its container and networks. */
export type RuntimeAnswer = ProcessState | Pick<MemberView, 'process' | 'container' | 'networks'>

/** The runtime's facts as observation fields: the process state, and container and networks when known. */
function runtimeFields(answer: RuntimeAnswer): Pick<MemberObservation, 'process' | 'container' | 'networks'> {
  if (typeof answer === 'string') return { process: answer }
  return {
    process: answer.process,
    ...(answer.container !== undefined ? { container: answer.container } : {}),
    ...(answer.networks !== undefined ? { networks: answer.networks } : {}),
  }
}

async function probeWithRuntime(
  clients: MemberClients,
  endpoint: MemberEndpoint,
  answer: RuntimeAnswer | Promise<RuntimeAnswer>,
  clock: Clock,
): Promise<ProbeResult> {
  const fields = runtimeFields(await answer)
  const result = await probeMember(clients.get(endpoint.name), endpoint, fields.process, clock)
  return { ...result, member: { ...result.member, ...fields } }
}

/** Resolves with the promise, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(err)
      },
    )
  })
}

/** Unique alarms across the members that answered, ids mapped to names. */
function mergeAlarms(reports: readonly (RawAlarm[] | null)[], names: ReadonlyMap<string, string>): Alarm[] {
  const seen = new Map<string, Alarm>()
  for (const report of reports) {
    for (const a of report ?? []) {
      const key = `${a.member_id}:${a.alarm}`
      if (!seen.has(key))
        seen.set(key, { member_id: a.member_id, member_name: names.get(a.member_id) ?? null, alarm: a.alarm })
    }
  }
  return [...seen.values()]
}

export function createObserver(options: ObserverOptions): Observe {
  const { clients, clock, log } = options
  /** member id → name, learnt from status headers and, when needed, the member list. */
  const names = new Map<string, string>()
  let inFlight: Promise<EtcdObservation> | null = null

  async function learnNames(members: readonly MemberObservation[], ids: readonly string[]): Promise<void> {
    for (const m of members) if (isUp(m)) names.set(m.member_id, m.name)
    if (ids.every((id) => id === '0' || names.has(id))) return
    const asker = members.find(isUp)
    if (asker === undefined) return
    try {
      const list = await clients.get(asker.name).cluster.memberList({ linearizable: false })
      for (const m of list.members) if (m.name !== '') names.set(String(m.ID), m.name)
    } catch (err) {
      log('member list failed', { member: asker.name, error: errorMessage(err) })
    }
  }

  async function poll(): Promise<EtcdObservation> {
    const at = clock.now()
    const results = await Promise.all(
      clients.members.map((endpoint) =>
        probeWithRuntime(clients, endpoint, options.processState(endpoint.name), clock),
      ),
    )
    const members = results.map((r) => r.member)
    const referenced = [
      ...members.filter(isUp).map((m) => m.leader_id),
      ...results.flatMap((r) => (r.alarms ?? []).map((a) => a.member_id)),
    ]
    await learnNames(members, referenced)
    return {
      subject: SUBJECT_NAME,
      run_id: options.runId,
      at,
      duration_ms: clock.now() - at,
      leader: agreedLeader(members),
      alarms: mergeAlarms(
        results.map((r) => r.alarms),
        names,
      ),
      quota_bytes: options.quotaBytes,
      preferred: options.preferred,
      members,
      ...(options.peerNetwork !== undefined ? { peer_network: options.peerNetwork } : {}),
    }
  }

  return (signal) => {
    if (inFlight === null) {
      inFlight = poll().finally(() => {
        inFlight = null
      })
    }
    return untilAborted(inFlight, signal)
  }
}
