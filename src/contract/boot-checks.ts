/**
 * A boot's consistency checks: is the audit chain whole, did the policy
 * change since the last handoff that recorded one, is an agent registered
 * on this host dead without having said so, did a child of the newest
 * supervised run die. Each is a finding with evidence, never a crash.
 */

import { DEFAULT_AGENT_SETTINGS } from '../agent/context.js'
import { processExists } from '../agent/recover.js'
import { operatorHost } from '../core/host.js'
import type { ChildView } from '../core/run-events.js'
import type { HandoffRecord } from '../store/handoffs.js'
import { fromRow, type RecordingRow } from '../store/recordings.js'
import type { Store } from '../store/store.js'
import type { ConsistencyCheck } from './boot-schema.js'
import { type ContractDeps, ref } from './common.js'

export function auditChainCheck(store: Store): ConsistencyCheck {
  const chain = store.verifyChain()
  const verify = ref.of('verification', 'operator audit verify')
  if (chain.ok)
    return { check: 'audit_chain', ok: true, detail: `${chain.events} event(s) chained`, evidence: [verify] }
  return {
    check: 'audit_chain',
    ok: false,
    detail: `broken at seq ${chain.broken_seq}: ${chain.reason}`,
    evidence: [ref.seq(chain.broken_seq, chain.reason), verify],
  }
}

/**
 * Compared with the newest handoff that recorded a policy digest: the model
 * brain's handoffs record none (it cannot see the policy file), so they are
 * skipped rather than counted as a change.
 */
export function policyCheck(deps: ContractDeps, handoffs: readonly HandoffRecord[]): ConsistencyCheck {
  const check = 'policy_changed_since_handoff' as const
  const last = handoffs.find((h) => h.policy_digest !== null)
  const now = deps.policy.digest
  if (!last) return { check, ok: true, detail: 'no handoff recorded a policy digest yet', evidence: [] }
  const evidence = [ref.seq(last.seq, `handoff ${last.handoff_id} by ${last.by}`)]
  if (last.policy_digest === now)
    return { check, ok: true, detail: `same policy as handoff ${last.handoff_id} (${now.slice(0, 12)})`, evidence }
  const detail = `the policy changed since handoff ${last.handoff_id}: ${last.policy_digest?.slice(0, 12)} then, ${now.slice(0, 12)} now (${deps.policy.source})`
  return { check, ok: false, detail, evidence: [...evidence, ref.of('verification', 'operator policy explain ACTION')] }
}

/** Agents on this host that never recorded a stop but whose process is gone or whose heartbeat went stale. */
export function agentCheck(store: Store, now: number, staleMs = DEFAULT_AGENT_SETTINGS.staleMs): ConsistencyCheck {
  const agents = store.unstoppedAgents()
  const dead = agents.filter(
    (a) => a.host === operatorHost() && (!processExists(a.pid) || a.heartbeat_at < now - staleMs),
  )
  if (dead.length === 0)
    return { check: 'agent_dead', ok: true, detail: `${agents.length} agent(s) registered and alive`, evidence: [] }
  const names = dead.map((a) => `${a.id} (pid ${a.pid})`).join(', ')
  return {
    check: 'agent_dead',
    ok: false,
    detail: `dead without a recorded stop: ${names}; another agent recovers what they left`,
    evidence: [ref.of('verification', 'operator proposals --json')],
  }
}

/** Children of the newest supervised run still recording whose last status is dead (or whose process is gone). */
export function childCheck(store: Store): ConsistencyCheck {
  const run = store.recordedRuns()[0]
  if (!run || run.ended_at !== null)
    return { check: 'child_dead', ok: true, detail: 'no supervised run is going on', evidence: [] }
  const rows = store.db
    .prepare(
      "SELECT seq, at, kind, source, stream, payload FROM recording WHERE run_id = ? AND kind = 'child' ORDER BY seq",
    )
    .all(run.id) as RecordingRow[]
  const last = new Map<string, ChildView>()
  for (const row of rows) {
    const entry = fromRow(row, run.id)
    if (entry.kind === 'child') last.set(entry.view.name, entry.view)
  }
  const gone = (v: ChildView) =>
    v.status === 'dead' || (v.status === 'running' && v.pid !== null && !processExists(v.pid))
  const dead = [...last.values()].filter(gone)
  if (dead.length === 0)
    return { check: 'child_dead', ok: true, detail: `run ${run.id}: ${last.size} child(ren), none dead`, evidence: [] }
  const names = dead.map((v) => `${v.name} (exit ${v.exit_code ?? '-'}: ${v.last_stderr.at(-1) ?? 'no stderr'})`)
  return {
    check: 'child_dead',
    ok: false,
    detail: `run ${run.id}: ${names.join(', ')}`,
    evidence: [ref.of('run_id', run.id), ref.of('verification', `operator replay ${run.id} --headless`)],
  }
}
