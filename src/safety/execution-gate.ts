/**
 * The execution gate: the one place a proposal becomes `executing`. Inside a
 * single write transaction it checks the safety mode and kill latch, the
 * proposal's state and version, its content hash and its approvals under the
 * approval mode in force *now* (check, lock, re-check). Two agents racing on
 * one proposal: exactly one passes.
 */
import { contentHash } from '../core/canonical-json.js'
import type { Proposal } from '../core/records.js'
import { listApprovals, SYSTEM_ACTOR } from '../store/approvals.js'
import { getModes } from '../store/modes.js'
import type { Db } from '../store/open-database.js'
import { getProposal, setExecutingAgent, transitionInTx } from '../store/proposals.js'
import { writeTx } from '../store/tx.js'

export type GateResult =
  | { status: 'executing'; proposal: Proposal }
  /** The approval it had is no longer enough (approval mode went back to manual): it waits for a person again. */
  | { status: 'needs_approval'; proposal: Proposal; reason: string }
  | { status: 'refused'; reason: string }

export interface GateRequest {
  proposalId: string
  expectedVersion: number
  agentId: string
  runId: string | null
}

export function beginExecution(db: Db, req: GateRequest, now: number): GateResult {
  return writeTx(db, (): GateResult => {
    const modes = getModes(db)
    if (modes.kill_latched) return { status: 'refused', reason: 'kill switch is engaged' }
    if (modes.safety !== 'execute') return { status: 'refused', reason: `safety mode is ${modes.safety}` }
    const p = getProposal(db, req.proposalId)
    if (p.status !== 'approved') return { status: 'refused', reason: `proposal is ${p.status}, not approved` }
    if (p.version !== req.expectedVersion) return { status: 'refused', reason: `proposal moved to version ${p.version} since it was read` }
    if (contentHash(p.action, p.params) !== p.content_hash) return { status: 'refused', reason: 'proposal content does not match its content hash' }
    const approvals = listApprovals(db, p.id).filter((a) => a.content_hash === p.content_hash)
    if (approvals.some((a) => a.decision === 'reject')) return { status: 'refused', reason: 'proposal has a rejection' }
    const approvers = approvals.filter((a) => a.decision === 'approve')
    const people = approvers.filter((a) => a.actor !== SYSTEM_ACTOR)
    const needsPerson = modes.approval === 'manual' || p.tier === 3
    if (approvers.length === 0) return { status: 'refused', reason: 'proposal has no approval' }
    if (needsPerson && people.length === 0) {
      const reason = p.tier === 3 ? 'tier 3 needs a person’s approval' : 'approval mode is manual: the system approval no longer suffices'
      const back = transitionInTx(db, p.id, p.version, 'awaiting_approval', { actor: req.agentId, runId: req.runId, reason }, now)
      return { status: 'needs_approval', proposal: back, reason }
    }
    const executing = transitionInTx(
      db,
      p.id,
      p.version,
      'executing',
      { actor: req.agentId, runId: req.runId, details: { agent_id: req.agentId, approvers: approvers.map((a) => a.actor) } },
      now,
    )
    setExecutingAgent(db, p.id, req.agentId)
    return { status: 'executing', proposal: executing }
  })
}
