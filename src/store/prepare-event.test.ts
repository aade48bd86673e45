import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import { canonicalJson, sha256Hex } from '../core/canonical-json.js'
import type { NewEvent } from '../core/records.js'
import { redact } from '../core/redact.js'
import { appendEvent, eventHash, GENESIS_HASH } from './audit-log.js'
import { completeEvent, preparedBody, prepareEvent } from './prepare-event.js'
import { writeTx } from './tx.js'

/** The hash as appendEvent computed it before events were prepared: redact, then canonical JSON of the whole. */
function oldHash(prev: string, e: NewEvent, seq: number, ts: number): string {
  const payload = redact(e.payload)
  return sha256Hex(prev + canonicalJson({ seq, ts, run_id: e.run_id, actor: e.actor, type: e.type, payload }))
}

const jsonValue = fc.jsonValue({ maxDepth: 3 })
const newEvent = fc.record({
  run_id: fc.option(fc.string(), { nil: null }),
  actor: fc.string(),
  type: fc.string(),
  payload: fc.dictionary(fc.string(), jsonValue, { maxKeys: 8 }),
})

describe('events prepared outside the write transaction', () => {
  it('hash byte-identically to the old computation, for any event', () => {
    fc.assert(
      fc.property(newEvent, fc.nat(), fc.integer({ min: 0, max: 2 ** 45 }), (e, seq, ts) => {
        const prepared = prepareEvent(e)
        expect(sha256Hex(GENESIS_HASH + preparedBody(prepared, seq + 1, ts))).toBe(
          oldHash(GENESIS_HASH, e, seq + 1, ts),
        )
        expect(prepared.payloadJson).toBe(canonicalJson(redact(e.payload)))
      }),
      { numRuns: 300 },
    )
  })

  it('hash the same with fields added inside the transaction, secrets redacted there too', () => {
    const full: NewEvent = {
      run_id: 'run-1',
      actor: 'agent',
      type: 'proposal.executed',
      payload: {
        proposal_id: 'P-1',
        result: { password: 'hunter2', out: 'é 🙂 ok' },
        ticket_id: 'T-1',
        gone: undefined,
      },
    }
    const { ticket_id, ...known } = full.payload
    const late = completeEvent(prepareEvent({ ...full, payload: known }), { ticket_id, api_token: 'abc123456789' })
    const expected = { ...full, payload: { ...full.payload, api_token: 'abc123456789' } }
    expect(sha256Hex(GENESIS_HASH + preparedBody(late, 7, 1_700_000_000_123))).toBe(
      oldHash(GENESIS_HASH, expected, 7, 1_700_000_000_123),
    )
    expect(late.payloadJson).not.toContain('hunter2')
    expect(late.payloadJson).not.toContain('abc123456789')
    expect(() => completeEvent(late, { ticket_id: 'T-2' })).toThrow(/already prepared/)
  })

  it('append rows that the chain walk verifies, prepared or not, and return what was stored', () => {
    const { store } = createTempStore()
    const e: NewEvent = { run_id: null, actor: 'a', type: 't', payload: { n: 1, nested: { list: [1, 'x'] } } }
    const prepared = prepareEvent(e)
    const first = writeTx(store.db, () => appendEvent(store.db, prepared, 1000))
    const second = writeTx(store.db, () => appendEvent(store.db, e, 1001))
    expect(first.hash).toBe(eventHash(GENESIS_HASH, first))
    expect(second.hash).toBe(oldHash(first.hash, e, 2, 1001))
    expect(store.events().map((x) => x.hash)).toEqual([first.hash, second.hash])
    expect(store.verifyChain()).toMatchObject({ ok: true, events: 2 })
  })
})
