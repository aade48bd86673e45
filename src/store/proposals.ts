/**
 * Proposals: created by agents, moved only along the state machine with an
 * optimistic version check, each move written together with its event.
 */
import { contentHash } from '../core/canonical-json.js'
import { OperatorError } from '../core/errors.js'
import { assertTransition, type ProposalStatus } from '../core/proposal-machine.js'
import { type PolicyDecision, Proposal, type RiskAssessment } from '../core/records.js'
import { redact } from '../core/redact.js'
import { appendEvent, completeEvent, type PreparedEvent, prepareEvent } from './audit-log.js'
import type { Db } from './open-database.js'
import { jsonColumn, whereClause, writeTx } from './tx.js'

interface ProposalRow extends Omit<Proposal, 'params' | 'result' | 'policy' | 'risk_assessment'> {
  n: number
  params: string
  result: string | null
  policy: string | null
  risk_assessment: string | null
  executing_agent: string | null
}

function toProposal(row: ProposalRow): Proposal {
  const { n: _n, executing_agent: _a, ...rest } = row
  return Proposal.parse({
    ...rest,
    params: jsonColumn(row.params) ?? {},
    result: jsonColumn(row.result),
    policy: jsonColumn(row.policy),
    risk_assessment: jsonColumn(row.risk_assessment),
  })
}

export function getProposal(db: Db, id: string): Proposal {
  const row = db.prepare('SELECT * FROM proposals WHERE id = ?').get(id) as ProposalRow | undefined
  if (!row) throw new OperatorError('not_found', `no proposal ${id}`, 'list proposals with `operator proposals`')
  return toProposal(row)
}

export function executingAgent(db: Db, id: string): string | null {
  const row = db.prepare('SELECT executing_agent FROM proposals WHERE id = ?').get(id) as
    | { executing_agent: string | null }
    | undefined
  return row?.executing_agent ?? null
}

export interface ProposalQuery {
  status?: readonly ProposalStatus[]
  ticketId?: string
}

export function listProposals(db: Db, q: ProposalQuery = {}): Proposal[] {
  const where = whereClause({ equals: { ticket_id: q.ticketId }, within: { status: q.status } })
  const rows = db.prepare(`SELECT * FROM proposals ${where.sql} ORDER BY n`).all(...where.args) as ProposalRow[]
  return rows.map(toProposal)
}

export interface NewProposal {
  ticket_id: string
  run_id: string
  attempt: number
  step: number
  steps: number
  action: string
  params: Record<string, unknown>
  risk: Proposal['risk']
  tier: Proposal['tier']
  rationale: string
  created_by: string
}

export function createProposal(db: Db, p: NewProposal, now: number): Proposal {
  // Redaction, the content hash and JSON before the write lock; inside it only the id is added.
  const params = redact(p.params)
  const hash = contentHash(p.action, params)
  const paramsJson = JSON.stringify(params)
  const proposed = prepareEvent({
    run_id: p.run_id,
    actor: p.created_by,
    type: 'proposal.proposed',
    payload: {
      ticket_id: p.ticket_id,
      attempt: p.attempt,
      step: p.step,
      steps: p.steps,
      action: p.action,
      params,
      content_hash: hash,
      risk: p.risk,
      tier: p.tier,
      rationale: p.rationale,
    },
  })
  return writeTx(db, () => {
    const n = (db.prepare('SELECT COALESCE(MAX(n), 0) + 1 AS n FROM proposals').get() as { n: number }).n
    const id = `P-${n}`
    db.prepare(
      `INSERT INTO proposals (n, id, ticket_id, attempt, step, steps, action, params, content_hash, risk, tier, rationale,
        status, reason, result, created_by, executing_agent, created_at, updated_at, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'proposed', NULL, NULL, ?, NULL, ?, ?, 1)`,
    ).run(
      n,
      id,
      p.ticket_id,
      p.attempt,
      p.step,
      p.steps,
      p.action,
      paramsJson,
      hash,
      p.risk,
      p.tier,
      p.rationale,
      p.created_by,
      now,
      now,
    )
    appendEvent(db, completeEvent(proposed, { proposal_id: id }), now)
    return getProposal(db, id)
  })
}

export interface TransitionOptions {
  actor: string
  runId: string | null
  reason?: string
  result?: Record<string, unknown>
  /** Extra fields for the event payload. */
  details?: Record<string, unknown>
  /** Policy decision, risk assessment and effective risk, written with the move (validation). */
  governance?: { policy: PolicyDecision; risk_assessment: RiskAssessment }
}

/** A move's JSON and event payload, made ready before the write transaction (prepareTransition). */
export interface PreparedTransition {
  event: PreparedEvent
  result: string | null
  policy: string | null
  riskAssessment: string | null
}

/** Redacts and serializes what a move writes; only the fields read inside the transaction are left. */
export function prepareTransition(id: string, to: ProposalStatus, o: TransitionOptions): PreparedTransition {
  const g = o.governance
  const event = prepareEvent({
    run_id: o.runId,
    actor: o.actor,
    type: `proposal.${to}`,
    payload: {
      proposal_id: id,
      reason: o.reason ?? null,
      result: o.result ?? null,
      ...(g ? { policy: g.policy, risk_assessment: g.risk_assessment } : {}),
      ...o.details,
    },
  })
  return {
    event,
    result: o.result ? JSON.stringify(redact(o.result)) : null,
    policy: g ? JSON.stringify(g.policy) : null,
    riskAssessment: g ? JSON.stringify(g.risk_assessment) : null,
  }
}

/**
 * Moves a proposal to `to` if it is still at `expectedVersion`; the move and
 * its `proposal.<to>` event commit together. Must be called inside a write
 * transaction (use `transitionProposal` otherwise); pass `prepared` to keep
 * redaction and JSON work out of it.
 */
export function transitionInTx(
  db: Db,
  id: string,
  expectedVersion: number,
  to: ProposalStatus,
  o: TransitionOptions,
  now: number,
  prepared: PreparedTransition = prepareTransition(id, to, o),
): Proposal {
  const current = getProposal(db, id)
  if (current.version !== expectedVersion) {
    throw new OperatorError(
      'conflict',
      `proposal ${id} is at version ${current.version} (${current.status}), not ${expectedVersion}`,
      'another process moved it first; reload it',
    )
  }
  assertTransition(id, current.status, to)
  const res = db
    .prepare(
      `UPDATE proposals SET status = ?, reason = COALESCE(?, reason), result = COALESCE(?, result), updated_at = ?, version = version + 1,
         policy = COALESCE(?, policy), risk_assessment = COALESCE(?, risk_assessment), risk = COALESCE(?, risk)
       WHERE id = ? AND version = ?`,
    )
    .run(
      to,
      o.reason ?? null,
      prepared.result,
      now,
      prepared.policy,
      prepared.riskAssessment,
      o.governance?.risk_assessment.effective ?? null,
      id,
      expectedVersion,
    )
  if (res.changes !== 1) throw new OperatorError('conflict', `proposal ${id} changed under us`, 'reload it and retry')
  // The fields read here; `details` given by the caller win over them, as they always did.
  const read = { ticket_id: current.ticket_id, action: current.action, from: current.status }
  const late = Object.fromEntries(Object.entries(read).filter(([k]) => !Object.hasOwn(prepared.event.payload, k)))
  appendEvent(db, completeEvent(prepared.event, late), now)
  return getProposal(db, id)
}

export function transitionProposal(
  db: Db,
  id: string,
  expectedVersion: number,
  to: ProposalStatus,
  o: TransitionOptions,
  now: number,
): Proposal {
  const prepared = prepareTransition(id, to, o)
  return writeTx(db, () => transitionInTx(db, id, expectedVersion, to, o, now, prepared))
}

/** Marks who is executing a proposal (inside the caller's transaction). */
export function setExecutingAgent(db: Db, id: string, agentId: string): void {
  db.prepare('UPDATE proposals SET executing_agent = ? WHERE id = ?').run(agentId, id)
}

/** The run a proposal belongs to (its ticket's): whose modes hold for it. */
export function proposalRun(db: Db, proposalId: string): string | undefined {
  const row = db
    .prepare('SELECT t.run_id FROM proposals p JOIN tickets t ON t.id = p.ticket_id WHERE p.id = ?')
    .get(proposalId) as { run_id: string } | undefined
  return row?.run_id
}
