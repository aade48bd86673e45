import { describe, expect, it } from 'vitest'
import { OperatorError } from './errors.js'
import {
  assertTransition,
  canTransition,
  isTerminal,
  NOT_STARTED_STATUSES,
  PROPOSAL_STATUSES,
  type ProposalStatus,
  STARTED_STATUSES,
} from './proposal-machine.js'

const LEGAL: Record<string, string[]> = {
  proposed: ['validated', 'invalid', 'cancelled'],
  validated: ['awaiting_approval', 'approved', 'denied', 'observed', 'superseded', 'cancelled'],
  awaiting_approval: ['approved', 'denied', 'expired', 'superseded', 'cancelled'],
  approved: ['executing', 'awaiting_approval', 'denied', 'expired', 'superseded', 'cancelled'],
  executing: ['executed', 'failed', 'interrupted'],
  executed: ['verified', 'verify_failed'],
  interrupted: ['verified', 'verify_failed'],
}

/** Every state reachable from `from` (itself included). */
function reachable(from: ProposalStatus): Set<ProposalStatus> {
  const seen = new Set<ProposalStatus>([from])
  for (const s of seen) for (const to of PROPOSAL_STATUSES) if (canTransition(s, to)) seen.add(to)
  return seen
}

describe('proposal state machine', () => {
  it('allows exactly the designed transitions and refuses every other one', () => {
    let refused = 0
    for (const from of PROPOSAL_STATUSES) {
      for (const to of PROPOSAL_STATUSES) {
        const legal = (LEGAL[from] ?? []).includes(to)
        expect(canTransition(from, to), `${from} → ${to}`).toBe(legal)
        if (!legal) {
          expect(() => assertTransition('P-1', from, to)).toThrow(OperatorError)
          refused++
        }
      }
    }
    expect(refused).toBeGreaterThan(200)
  })

  it('treats outcomes as terminal', () => {
    for (const s of [
      'invalid',
      'denied',
      'expired',
      'failed',
      'verified',
      'verify_failed',
      'observed',
      'superseded',
      'cancelled',
    ] as const) {
      expect(isTerminal(s)).toBe(true)
    }
    for (const s of Object.keys(LEGAL)) expect(isTerminal(s as ProposalStatus)).toBe(false)
  })

  it('cancels exactly what has not started: what ran, or is running, keeps its outcome', () => {
    expect(NOT_STARTED_STATUSES).toEqual(['proposed', 'validated', 'awaiting_approval', 'approved'])
    expect(STARTED_STATUSES).toEqual(['executing', 'executed', 'interrupted'])
    const cancellable = PROPOSAL_STATUSES.filter((s) => canTransition(s, 'cancelled'))
    expect(cancellable).toEqual([...NOT_STARTED_STATUSES])
    for (const s of STARTED_STATUSES) expect(reachable(s).has('cancelled'), s).toBe(false)
  })

  it('ends everything that started in an outcome, and never executes it again', () => {
    for (const s of STARTED_STATUSES) {
      const next = PROPOSAL_STATUSES.filter((to) => canTransition(s, to))
      for (const to of next) expect(STARTED_STATUSES.includes(to) || isTerminal(to), `${s} → ${to}`).toBe(true)
      for (const back of [...NOT_STARTED_STATUSES, 'executing'] as const)
        expect(s !== back && reachable(s).has(back), `${s} reaches ${back}`).toBe(false)
    }
    expect(reachable('executed')).toEqual(new Set(['executed', 'verified', 'verify_failed']))
    expect(reachable('interrupted')).toEqual(new Set(['interrupted', 'verified', 'verify_failed']))
  })

  it('starts execution only from approved, the one move the execution gate makes', () => {
    expect(PROPOSAL_STATUSES.filter((s) => canTransition(s, 'executing'))).toEqual(['approved'])
  })

  it('never executes straight from validation or approval waiting', () => {
    expect(canTransition('validated', 'executing')).toBe(false)
    expect(canTransition('awaiting_approval', 'executing')).toBe(false)
    expect(canTransition('observed', 'executing')).toBe(false)
  })
})
