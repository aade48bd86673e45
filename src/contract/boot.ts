/**
 * `operator boot`: the canonical state an agent starts from — modes and the
 * kill latch, the cluster, open tickets, pending proposals, the policy in
 * force, the decision ledger, recent events, the last handoff and the
 * consistency checks — with the state digest a handoff binds to.
 */
import { errorMessage } from '../core/errors.js'
import { ACTIVE_TICKET_STATUSES, PENDING_PROPOSAL_STATUSES, stateDigest } from '../store/state-digest.js'
import { agentCheck, auditChainCheck, childCheck, policyCheck } from './boot-checks.js'
import { ledger, recentEvents } from './boot-ledger.js'
import { Boot, type BootCluster } from './boot-schema.js'
import { type ContractDeps, SCHEMA_VERSION } from './common.js'

export { Boot } from './boot-schema.js'
export { bootText } from './boot-text.js'

/** What a cluster check reports: whether it is all well, a line for people, and its members. */
export interface ClusterObservation {
  ok: boolean
  summary: string
  members?: { name: string; state: string }[]
}

export interface BootOptions {
  /** Looks at the cluster (`clusterObserver` in boot-cluster.ts); without it the cluster is `not_checked`. */
  observe?: () => Promise<ClusterObservation>
}

export async function boot(deps: ContractDeps, options: BootOptions = {}): Promise<Boot> {
  const { store } = deps
  const cluster = await clusterView(options.observe)
  const handoffs = store.handoffs(20)
  const m = store.modes()
  const value: Boot = {
    schema_version: SCHEMA_VERSION,
    generated_at: deps.clock.now(),
    state_digest: stateDigest(store, deps.policy.digest),
    modes: {
      safety: m.safety,
      approval: m.approval,
      kill_latched: m.kill_latched,
      updated_at: m.updated_at,
      updated_by: m.updated_by,
    },
    cluster,
    tickets: store.tickets({ status: [...ACTIVE_TICKET_STATUSES] }).map((t) => ({
      id: t.id,
      run_id: t.run_id,
      status: t.status,
      key: t.key,
      severity: t.severity,
      message: t.message,
      claimed_by: t.claimed_by,
      escalation_reason: t.escalation_reason,
    })),
    proposals: store.proposals({ status: PENDING_PROPOSAL_STATUSES }).map((p) => ({
      id: p.id,
      ticket_id: p.ticket_id,
      status: p.status,
      version: p.version,
      action: p.action,
      params: p.params,
      content_hash: p.content_hash,
      risk: p.risk,
      tier: p.tier,
      reason: p.reason,
    })),
    policy: { source: deps.policy.source, digest: deps.policy.digest },
    ledger: ledger(store),
    events: recentEvents(store),
    last_handoff: handoffs[0] ?? null,
    checks: [
      auditChainCheck(store),
      policyCheck(deps, handoffs),
      agentCheck(store, deps.clock.now()),
      childCheck(store),
    ],
  }
  return Boot.parse(value)
}

async function clusterView(observe: BootOptions['observe']): Promise<BootCluster> {
  if (!observe) return { state: 'not_checked', ok: false, summary: 'the cluster was not checked', members: [] }
  try {
    const o = await observe()
    const members = o.members ?? []
    const someUp = members.some((x) => x.state === 'running')
    const state = o.ok ? 'up' : someUp ? 'degraded' : 'down'
    return { state, ok: o.ok, summary: o.summary, members }
  } catch (err) {
    return {
      state: 'unreachable',
      ok: false,
      summary: `the cluster could not be checked: ${errorMessage(err)}`,
      members: [],
    }
  }
}
