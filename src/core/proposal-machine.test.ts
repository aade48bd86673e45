import { describe, expect, it } from 'vitest'
import { OperatorError } from './errors.js'
import { assertTransition, canTransition, isTerminal, PROPOSAL_STATUSES } from './proposal-machine.js'

const LEGAL: Record<string, string[]> = {
  proposed: ['validated', 'invalid', 'cancelled'],
  validated: ['awaiting_approval', 'approved', 'denied', 'observed', 'superseded', 'cancelled'],
  awaiting_approval: ['approved', 'denied', 'expired', 'superseded', 'cancelled'],
  approved: ['executing', 'awaiting_approval', 'denied', 'expired', 'superseded', 'cancelled'],
  executing: ['executed', 'failed', 'interrupted', 'cancelled'],
  executed: ['verified', 'verify_failed', 'cancelled'],
  interrupted: ['verified', 'verify_failed', 'cancelled'],
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

  it('treats outcomes as terminal and work in progress as cancellable', () => {
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
    for (const s of Object.keys(LEGAL)) expect(canTransition(s as 'proposed', 'cancelled')).toBe(true)
  })

  it('never executes straight from validation or approval waiting', () => {
    expect(canTransition('validated', 'executing')).toBe(false)
    expect(canTransition('awaiting_approval', 'executing')).toBe(false)
    expect(canTransition('observed', 'executing')).toBe(false)
  })
})
