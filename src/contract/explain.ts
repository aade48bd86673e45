/**
 * `explain(deps, id)`: why a proposal is not running (its blocking reasons in
 * triage order), what a ticket's root cause is, how a run stands — the object
 * `operator explain ID --json` prints and the MCP server serves.
 */
import { isOperatorError, OperatorError } from '../core/errors.js'
import { blockingReasons } from './blocking-reasons.js'
import { type ContractDeps, SCHEMA_VERSION } from './common.js'
import { gatherFacts } from './explain-facts.js'
import { explainRun } from './explain-run.js'
import { runFacts } from './explain-runs.js'
import type { Explanation, ProposalExplanation } from './explain-schema.js'
import { explainTicket } from './explain-ticket.js'

export { BLOCKING_CODES, BlockingCode, BlockingReason } from './blocking-codes.js'
export { Explanation, ProposalExplanation, RunExplanation, TicketExplanation } from './explain-schema.js'
export { explainText } from './explain-text.js'

/** Explains a proposal (`P-…`), a ticket (`T-…`) or a run id; not_found with the fix for anything else. */
export function explain(deps: ContractDeps, id: string): Explanation {
  const f = gatherFacts(deps)
  if (/^P-\d+$/.test(id)) {
    const p = deps.store.proposal(id)
    const reasons = blockingReasons(f, p)
    const runId = tryTicket(deps, p.ticket_id)?.run_id ?? null
    const explained: ProposalExplanation = {
      schema_version: SCHEMA_VERSION,
      kind: 'proposal',
      id: p.id,
      ticket_id: p.ticket_id,
      run_id: runId,
      action: p.action,
      params: p.params,
      status: p.status,
      blocked: reasons.some((r) => r.code !== 'none'),
      reasons,
    }
    return explained
  }
  if (/^T-\d+$/.test(id)) return explainTicket(f, deps.store.ticket(id))
  if (id.trim() === '')
    throw new OperatorError('usage', 'explain needs an id', 'give a proposal (P-3), a ticket (T-2) or a run id')
  return explainRun(f, runFacts(deps.store, id, f.now))
}

function tryTicket(deps: ContractDeps, id: string) {
  try {
    return deps.store.ticket(id)
  } catch (err) {
    if (isOperatorError(err) && err.category === 'not_found') return null
    throw err
  }
}
