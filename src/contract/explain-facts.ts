/**
 * What every explanation reads, gathered once per call: the modes, the live
 * agents, the audit events indexed by the proposal and ticket they name, and
 * the evidence helpers the reasons cite them with.
 */
import { DEFAULT_AGENT_SETTINGS } from '../agent/context.js'
import type { AgentRecord, AuditEvent, Modes, Proposal } from '../core/records.js'
import { type ContractDeps, type EvidenceRef, ref } from './common.js'

export interface ExplainFacts {
  deps: ContractDeps
  now: number
  modes: Modes
  /** Agents on this host with a recent heartbeat (the ones that can take a proposal further). */
  liveAgents: AgentRecord[]
  /** Every audit event, oldest first. */
  events: AuditEvent[]
  byProposal: Map<string, AuditEvent[]>
  byTicket: Map<string, AuditEvent[]>
}

export function gatherFacts(deps: ContractDeps): ExplainFacts {
  const now = deps.clock.now()
  const events = deps.store.events()
  const byProposal = new Map<string, AuditEvent[]>()
  const byTicket = new Map<string, AuditEvent[]>()
  const add = (map: Map<string, AuditEvent[]>, key: unknown, e: AuditEvent) => {
    if (typeof key !== 'string') return
    const list = map.get(key)
    if (list) list.push(e)
    else map.set(key, [e])
  }
  for (const e of events) {
    add(byProposal, e.payload.proposal_id, e)
    add(byTicket, e.payload.ticket_id, e)
  }
  return {
    deps,
    now,
    modes: deps.store.modes(),
    liveAgents: deps.store.liveAgents(now - DEFAULT_AGENT_SETTINGS.staleMs),
    events,
    byProposal,
    byTicket,
  }
}

/** The proposal's events, oldest first. */
export function eventsOf(f: ExplainFacts, proposalId: string): AuditEvent[] {
  return f.byProposal.get(proposalId) ?? []
}

/** The newest event of one of these types, optionally about one proposal. */
export function latest(f: ExplainFacts, types: readonly string[], proposalId?: string): AuditEvent | undefined {
  const pool = proposalId === undefined ? f.events : eventsOf(f, proposalId)
  return pool.findLast((e) => types.includes(e.type))
}

/** An event as evidence: its seq, with its type. */
export function seqRef(e: AuditEvent): EvidenceRef {
  return ref.seq(e.seq, e.type)
}

/** A command that shows the finding. */
export function verify(command: string): EvidenceRef {
  return ref.of('verification', command)
}

/** The policy rule a decision names, with the digest and source of the policy that decided. */
export function ruleRef(p: Proposal): EvidenceRef[] {
  if (!p.policy) return []
  return [ref.of('policy_rule', p.policy.rule_id, `policy ${p.policy.policy_digest.slice(0, 12)} (${p.policy.source})`)]
}

/** `restart_member {"member":"m2"}` */
export function actionText(p: Pick<Proposal, 'action' | 'params'>): string {
  return `${p.action} ${JSON.stringify(p.params)}`
}
