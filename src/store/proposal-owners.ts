/**
 * Who answers for a proposal: the agent that passed the execution gate with
 * it (`executing_agent`), or, before the gate, the agent that created it.
 * Crash recovery reads a run's proposals with their owners' agent records,
 * and takes one over from an owner that is gone in a compare-and-set, so two
 * recovering agents never both finish the same proposal.
 */
import type { ProposalStatus } from '../core/proposal-machine.js'
import { AgentRecord, type Proposal } from '../core/records.js'
import { appendEvent, completeEvent, prepareEvent } from './audit-log.js'
import type { Db } from './open-database.js'
import { getProposal, setExecutingAgent, transitionInTx } from './proposals.js'
import { writeTx } from './tx.js'

/** A proposal, its owner's id and the owner's agent record (null: the owner is no registered agent). */
export interface OwnedProposal {
  proposal: Proposal
  owner: string
  agent: AgentRecord | null
}

const OWNER = 'COALESCE(p.executing_agent, p.created_by)'

function ownerOf(db: Db, id: string): string | undefined {
  const row = db.prepare(`SELECT ${OWNER} AS owner FROM proposals p WHERE p.id = ?`).get(id) as
    | { owner: string }
    | undefined
  return row?.owner
}

/** The run's proposals in `statuses`, oldest first, with their owners. */
export function ownedProposals(db: Db, runId: string, statuses: readonly ProposalStatus[]): OwnedProposal[] {
  const marks = statuses.map(() => '?').join(', ')
  const rows = db
    .prepare(
      `SELECT p.id AS proposal_id, ${OWNER} AS owner, a.* FROM proposals p
       JOIN tickets t ON t.id = p.ticket_id LEFT JOIN agents a ON a.id = ${OWNER}
       WHERE t.run_id = ? AND p.status IN (${marks}) ORDER BY p.n`,
    )
    .all(runId, ...statuses) as ({ proposal_id: string; owner: string; id: string | null } & Record<string, unknown>)[]
  return rows.map(({ proposal_id, owner, ...agent }) => ({
    proposal: getProposal(db, proposal_id),
    owner,
    agent: agent.id === null ? null : AgentRecord.parse(agent),
  }))
}

/** Who takes a proposal over from whom, and why. */
export interface TakeOver {
  /** The owner it is taken from: nothing happens unless it still is. */
  from: string
  agentId: string
  runId: string
  reason: string
  /** A move made with the take-over (executing → interrupted); without it a `proposal.recovering` event records it. */
  to?: ProposalStatus
}

/**
 * Makes `agentId` the proposal's owner if it is still at `expectedVersion`
 * and owned by `from`, in one transaction with its event; null when another
 * process moved it or took it first.
 */
export function takeOver(db: Db, id: string, expectedVersion: number, t: TakeOver, now: number): Proposal | null {
  const recovering = prepareEvent({
    run_id: t.runId,
    actor: t.agentId,
    type: 'proposal.recovering',
    payload: { proposal_id: id, from_agent: t.from, reason: t.reason },
  })
  return writeTx(db, () => {
    const current = getProposal(db, id)
    if (current.version !== expectedVersion || ownerOf(db, id) !== t.from) return null
    const options = { actor: t.agentId, runId: t.runId, reason: t.reason, details: { from_agent: t.from } }
    const moved = t.to ? transitionInTx(db, id, expectedVersion, t.to, options, now) : current
    const read = { ticket_id: current.ticket_id, action: current.action, status: current.status }
    if (!t.to) appendEvent(db, completeEvent(recovering, read), now)
    setExecutingAgent(db, id, t.agentId)
    return moved
  })
}
