import { describe, expect, it } from 'vitest'
import { createTempStore, createViolation } from '../../test/fixtures/temp-store.js'

describe('an escalation with evidence', () => {
  it('carries the evidence, redacted, in the ticket.escalated event beside the usual fields; the chain still verifies', () => {
    const { store, clock } = createTempStore()
    store.upsertViolation('run-1', 'etcd', createViolation(), 'monitor')
    store.registerAgent({ id: 'agent-a', pid: 1, subject: 'etcd', runId: 'run-1' })
    const claimed = store.claimTicket({
      runId: 'run-1',
      agentId: 'agent-a',
      staleBefore: clock.now() - 5000,
      executeMode: true,
    })
    if (claimed === null) throw new Error('no claim')
    const evidence = { summary: 'restart_member m2 failed', log_excerpt: ['auth: password=hunter2'], advice: 'look' }
    const t = store.finishTicket(claimed.ticket.id, 'agent-a', 'escalated', 'gave up', 'candidates_exhausted', evidence)
    expect(t).toMatchObject({ status: 'escalated', escalation_reason: 'candidates_exhausted' })
    const [event] = store.events({ types: ['ticket.escalated'] })
    expect(event?.run_id).toBe('run-1')
    expect(event?.actor).toBe('agent-a')
    expect(event?.payload).toMatchObject({
      ticket_id: claimed.ticket.id,
      key: 'members_healthy:m2',
      from: 'in_progress',
      reason: 'gave up',
      escalation_reason: 'candidates_exhausted',
      evidence: { summary: 'restart_member m2 failed', advice: 'look' },
    })
    expect(JSON.stringify(event?.payload)).not.toContain('hunter2')
    expect(store.verifyChain()).toMatchObject({ ok: true })
  })
})
