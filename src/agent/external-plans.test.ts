import { describe, expect, it } from 'vitest'
import type { Proposal, Ticket } from '../core/records.js'
import { scanExternal } from './external-plans.js'

function ticket(id: string, overrides: Partial<Ticket> = {}): Ticket {
  return {
    id,
    run_id: 'run-1',
    subject: 'etcd',
    key: `members_healthy:${id}`,
    invariant: 'members_healthy',
    severity: 'critical',
    target: 'm2',
    message: 'm2 is down',
    evidence: {},
    status: 'escalated',
    occurrences: 1,
    opened_at: 0,
    last_seen_at: 0,
    resolved_at: null,
    claimed_by: null,
    escalation_reason: 'candidates_exhausted',
    cause_key: null,
    cause_ticket: null,
    triage_reason: null,
    priority: 0,
    version: 1,
    lease: 0,
    ...overrides,
  }
}

let n = 0
function proposal(ticketId: string, overrides: Partial<Proposal> = {}): Proposal {
  n++
  return {
    id: `P-${n}`,
    ticket_id: ticketId,
    attempt: 1,
    step: 0,
    steps: 1,
    action: 'restart_member',
    params: { member: 'm2' },
    content_hash: 'h',
    risk: 'medium',
    tier: 2,
    rationale: 'm2 is down',
    policy: null,
    risk_assessment: null,
    status: 'approved',
    reason: null,
    result: null,
    created_by: 'mcp:claude',
    created_at: 0,
    updated_at: 0,
    version: 3,
    ...overrides,
  }
}

const scan = (tickets: Ticket[], proposals: Proposal[], mayExecute = true) =>
  scanExternal({ runId: 'run-1', tickets, proposals, mayExecute })

describe('picking up plans proposed from outside the agent', () => {
  it('picks an approved outside plan for an escalated ticket', () => {
    const t = ticket('T-1')
    const p = proposal('T-1')
    expect(scan([t], [p])).toEqual({ pick: { ticket: t, steps: [p] }, stale: [] })
  })

  it("never picks the agent's own proposals, nor anything not yet approved", () => {
    const t = ticket('T-1', { status: 'open', escalation_reason: null })
    const own = proposal('T-1', { created_by: 'agent-12-ab' })
    const waiting = proposal('T-1', { attempt: 2, status: 'awaiting_approval' })
    const validated = proposal('T-1', { attempt: 3, status: 'validated' })
    expect(scan([t], [own, waiting, validated]).pick).toBeNull()
  })

  it('waits while a task holds the ticket, and while a step of the plan still waits for people', () => {
    const held = ticket('T-1', { status: 'in_progress', claimed_by: 'agent-1' })
    expect(scan([held], [proposal('T-1')]).pick).toBeNull()
    const t = ticket('T-2')
    const first = proposal('T-2', { steps: 2 })
    const second = proposal('T-2', { step: 1, steps: 2, status: 'awaiting_approval' })
    expect(scan([t], [first, second])).toEqual({ pick: null, stale: [] })
    expect(scan([t], [first, { ...second, status: 'approved' }]).pick?.steps.map((p) => p.id)).toEqual([
      first.id,
      second.id,
    ])
  })

  it('waits for a plan whose steps are not all recorded yet', () => {
    expect(scan([ticket('T-1')], [proposal('T-1', { steps: 2 })]).pick).toBeNull()
  })

  it('picks nothing while nothing may execute (observe mode, kill latch), and nothing of another run', () => {
    expect(scan([ticket('T-1')], [proposal('T-1')], false).pick).toBeNull()
    expect(scan([ticket('T-1', { run_id: 'run-0' })], [proposal('T-1')]).pick).toBeNull()
  })

  it('leaves a consequence of another root alone: a victim is not acted on', () => {
    const victim = ticket('T-1', { status: 'open', cause_key: 'members_healthy:m1' })
    expect(scan([victim], [proposal('T-1')])).toEqual({ pick: null, stale: [] })
  })

  it('goes in ticket order, then attempt, with the steps in order', () => {
    const [t1, t2] = [ticket('T-1'), ticket('T-2')]
    const later = proposal('T-2')
    const second = proposal('T-1', { attempt: 2 })
    const step1 = proposal('T-1', { attempt: 1, step: 1, steps: 2 })
    const step0 = proposal('T-1', { attempt: 1, step: 0, steps: 2 })
    const picked = scan([t1, t2], [later, second, step1, step0]).pick
    expect(picked?.ticket.id).toBe('T-1')
    expect(picked?.steps.map((p) => p.id)).toEqual([step0.id, step1.id])
  })

  it('marks stale what can never run: a resolved ticket, a plan with a step that ended', () => {
    const resolved = ticket('T-1', { status: 'resolved' })
    const orphan = proposal('T-1')
    const t2 = ticket('T-2')
    const denied = proposal('T-2', { steps: 2, status: 'denied' })
    const rest = proposal('T-2', { step: 1, steps: 2 })
    const result = scan([resolved, t2], [orphan, denied, rest])
    expect(result.pick).toBeNull()
    expect(result.stale.map((s) => [s.proposal.id, s.reason])).toEqual([
      [orphan.id, 'ticket T-1 is resolved: nothing to do'],
      [rest.id, `step 1 of the plan is denied (${denied.id}): the plan cannot complete`],
    ])
  })
})
