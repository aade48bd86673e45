/**
 * Proposals: created by agents, moved only along the state machine with an
 * optimistic version check, each move written together with its event.
 */
import { contentHash } from '../core/canonical-json.js'
import { OperatorError } from '../core/errors.js'
import { assertTransition, NON_TERMINAL_STATUSES, type ProposalStatus } from '../core/proposal-machine.js'
import { type PolicyDecision, Proposal, type RiskAssessment } from '../core/records.js'
import { redact } from '../core/redact.js'
import { appendEvent } from './audit-log.js'
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
  return writeTx(db, () => {
    const n = (db.prepare('SELECT COALESCE(MAX(n), 0) + 1 AS n FROM proposals').get() as { n: number }).n
    const id = `P-${n}`
    const params = redact(p.params)
    const hash = contentHash(p.action, params)
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
      JSON.stringify(params),
      hash,
      p.risk,
      p.tier,
      p.rationale,
      p.created_by,
      now,
      now,
    )
    appendEvent(
      db,
      {
        run_id: p.run_id,
        actor: p.created_by,
        type: 'proposal.proposed',
        payload: {
          proposal_id: id,
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
      },
      now,
    )
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

/**
 * Moves a proposal to `to` if it is still at `expectedVersion`; the move and
 * its `proposal.<to>` event commit together. Must be called inside a write
 * transaction (use `transitionProposal` otherwise).
 */
export function transitionInTx(
  db: Db,
  id: string,
  expectedVersion: number,
  to: ProposalStatus,
  o: TransitionOptions,
  now: number,
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
  const result = o.result ? JSON.stringify(redact(o.result)) : null
  const g = o.governance
  const res = db
    .prepare(
      `UPDATE proposals SET status = ?, reason = COALESCE(?, reason), result = COALESCE(?, result), updated_at = ?, version = version + 1,
         policy = COALESCE(?, policy), risk_assessment = COALESCE(?, risk_assessment), risk = COALESCE(?, risk)
       WHERE id = ? AND version = ?`,
    )
    .run(
      to,
      o.reason ?? null,
      result,
      now,
      g ? JSON.stringify(g.policy) : null,
      g ? JSON.stringify(g.risk_assessment) : null,
      g ? g.risk_assessment.effective : null,
      id,
      expectedVersion,
    )
  if (res.changes !== 1) throw new OperatorError('conflict', `proposal ${id} changed under us`, 'reload it and retry')
  appendEvent(
    db,
    {
      run_id: o.runId,
      actor: o.actor,
      type: `proposal.${to}`,
      payload: {
        proposal_id: id,
        ticket_id: current.ticket_id,
        action: current.action,
        from: current.status,
        reason: o.reason ?? null,
        result: o.result ?? null,
        ...(g ? { policy: g.policy, risk_assessment: g.risk_assessment } : {}),
        ...o.details,
      },
    },
    now,
  )
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
  return writeTx(db, () => transitionInTx(db, id, expectedVersion, to, o, now))
}

/** Marks who is executing a proposal (inside the caller's transaction). */
export function setExecutingAgent(db: Db, id: string, agentId: string): void {
  db.prepare('UPDATE proposals SET executing_agent = ? WHERE id = ?').run(agentId, id)
}

/** Cancels every non-terminal proposal (kill switch), inside the caller's transaction. */
export function cancelAllNonTerminal(db: Db, actor: string, reason: string, now: number): Proposal[] {
  const open = listProposals(db, { status: NON_TERMINAL_STATUSES })
  const runOf = db.prepare('SELECT run_id FROM tickets WHERE id = ?')
  return open.map((p) => {
    const run = runOf.get(p.ticket_id) as { run_id: string } | undefined
    return transitionInTx(db, p.id, p.version, 'cancelled', { actor, runId: run?.run_id ?? null, reason }, now)
  })
}
