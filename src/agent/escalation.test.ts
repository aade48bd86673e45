import { describe, expect, it } from 'vitest'
import type { Proposal } from '../core/records.js'
import { escalationEvidence, failedAttempt } from './escalation.js'

function proposal(result: Record<string, unknown> | null): Proposal {
  return {
    id: 'P-1',
    ticket_id: 'T-1',
    attempt: 0,
    step: 0,
    steps: 1,
    action: 'restart_member',
    params: { member: 'm2' },
    content_hash: 'h',
    risk: 'medium',
    tier: 2,
    rationale: 'r',
    policy: null,
    risk_assessment: null,
    status: 'failed',
    reason: null,
    result,
    created_by: 'agent',
    created_at: 0,
    updated_at: 0,
    version: 1,
  }
}

const FAILED = {
  status: 'failed',
  summary: 'm2 did not stay up after the restart',
  error: 'm2 exited as it started; its log: discovery failed: bind: address already in use',
  details: {
    cause: 'address_in_use',
    log_excerpt: ['failed to start etcd', 'discovery failed: bind: address already in use'],
  },
}

describe('escalation evidence', () => {
  it('carries the failed attempt, its log excerpt and the advice, in one summary line', () => {
    const attempt = failedAttempt('failed', proposal(FAILED), FAILED.error)
    expect(attempt).toEqual({
      proposal_id: 'P-1',
      action: 'restart_member',
      params: { member: 'm2' },
      outcome: 'failed',
      summary: FAILED.summary,
      error: FAILED.error,
      details: FAILED.details,
    })
    const evidence = escalationEvidence('no candidate repaired it', [attempt], 'free the port')
    expect(evidence).toEqual({
      summary: 'restart_member m2 failed: discovery failed: bind: address already in use — free the port',
      advice: 'free the port',
      log_excerpt: FAILED.details.log_excerpt,
      attempts: [attempt],
    })
  })

  it('falls back to the error, then to the reason, and keeps the summary on one bounded line', () => {
    const verify = failedAttempt('verify_failed', proposal({ status: 'ok', summary: 'restarted' }), 'still violated')
    expect(verify.error).toBeNull()
    expect(escalationEvidence('r', [verify], null).summary).toBe('restart_member m2 verify failed: restarted')
    const denied = failedAttempt('denied', proposal(null), 'denied by policy')
    expect(denied).toMatchObject({ summary: 'denied by policy', error: null, details: {} })
    expect(escalationEvidence('gave up', [], null)).toEqual({
      summary: 'gave up',
      advice: null,
      log_excerpt: [],
      attempts: [],
    })
    const long = escalationEvidence(`a\nb ${'x'.repeat(1000)}`, [], null).summary
    expect(long).toHaveLength(400)
    expect(long).not.toContain('\n')
  })
})
