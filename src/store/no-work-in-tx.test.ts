import { describe, expect, it, vi } from 'vitest'
import { createTempStore, createViolation } from '../../test/fixtures/temp-store.js'

// Every redaction and every canonical JSON is watched: how large a value each handled while a write
// transaction was open (the few fields read inside one, an id or a status, are small by nature).
const seen = vi.hoisted(() => ({
  db: null as { inTransaction: boolean } | null,
  largestRedacted: 0,
  largestJson: 0,
}))
vi.mock('../core/redact.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../core/redact.js')>()
  return {
    ...real,
    redact: <T>(value: T): T => {
      if (seen.db?.inTransaction)
        seen.largestRedacted = Math.max(seen.largestRedacted, JSON.stringify(value)?.length ?? 0)
      return real.redact(value)
    },
  }
})
vi.mock('../core/canonical-json.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../core/canonical-json.js')>()
  return {
    ...real,
    canonicalJson: (value: unknown): string => {
      const out = real.canonicalJson(value)
      if (seen.db?.inTransaction) seen.largestJson = Math.max(seen.largestJson, out.length)
      return out
    },
  }
})

const BIG = 'x'.repeat(50_000)

describe('write transactions', () => {
  it('neither redact nor canonicalize large payloads while they hold the lock', () => {
    const { store } = createTempStore()
    seen.db = store.db
    store.append({ run_id: 'run-1', actor: 'a', type: 'big', payload: { blob: BIG, password: 'hunter2' } })
    const { ticket } = store.upsertViolation('run-1', 'etcd', createViolation({ evidence: { dump: BIG } }), 'monitor')
    store.upsertViolation('run-1', 'etcd', createViolation({ evidence: { dump: BIG } }), 'monitor')
    const p = store.createProposal({
      ticket_id: ticket.id,
      run_id: 'run-1',
      attempt: 0,
      step: 0,
      steps: 1,
      action: 'restart_member',
      params: { member: 'm2', note: BIG },
      risk: 'low',
      tier: 1,
      rationale: 'test',
      created_by: 'agent',
    })
    store.transition(p.id, p.version, 'invalid', { actor: 'a', runId: 'run-1', result: { out: BIG } })
    store.registerAgent({ id: 'agent-1', pid: 1, subject: 'etcd', runId: 'run-1' })
    store.stopAgent('agent-1', 'run-1', BIG.slice(0, 100))
    seen.db = null
    expect(seen.largestRedacted).toBeLessThan(1_000)
    expect(seen.largestJson).toBeLessThan(1_000)
    expect(store.verifyChain()).toMatchObject({ ok: true, events: 6 })
    expect(JSON.stringify(store.events())).not.toContain('hunter2')
  })
})
