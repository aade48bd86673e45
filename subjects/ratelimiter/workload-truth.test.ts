import { describe, expect, it } from 'vitest'
import { allowedPerWindow, createTruthLedger, type TruthLedger } from './workload-truth.js'

const T = 1_700_000_000_000
const options = { points: 50, duration_s: 1, tolerance: 0.1, horizonMs: 10_000, settleMs: 2000 }

/** `count` answers of `status` for `key`, one every `stepMs` from `from` (ms after T), each taking 2 ms. */
function answers(ledger: TruthLedger, key: string, status: number, from: number, count: number, stepMs = 1) {
  for (let i = 0; i < count; i++) {
    const sent = T + from + i * stepMs
    ledger.record({ key, status, sent, received: sent + 2 })
  }
}

describe('workload truth', () => {
  it('allows points × (1 + tolerance) per window, whatever floating point says', () => {
    expect(allowedPerWindow(50, 0.1)).toBe(55)
    // A small limit still allows for the requests in flight at a window's edge.
    expect(allowedPerWindow(20, 0.1)).toBe(24)
  })

  it('counts a window that admitted its points and rejected the rest as within the limit', () => {
    const ledger = createTruthLedger(options)
    answers(ledger, 'k1', 200, 0, 50)
    answers(ledger, 'k1', 429, 100, 30, 10)
    expect(ledger.snapshot(T + 3500)).toMatchObject({
      windows: 1,
      over_limit_windows: 0,
      worst: { key: 'k1', admitted: 50 },
      rejected_share: 30 / 80,
    })
  })

  it('opens a window at its first admission, as the limiter does, not on clock seconds', () => {
    const ledger = createTruthLedger(options)
    // The limiter's window opens at 500 ms: 25 early, 25 near its end; the next opens at 1500 ms with 50 at once.
    // Clock-aligned, the second [1000, 2000) would hold 75.
    answers(ledger, 'k1', 200, 500, 25)
    answers(ledger, 'k1', 200, 1400, 25)
    answers(ledger, 'k1', 200, 1510, 50)
    const truth = ledger.snapshot(T + 5000)
    expect(truth).toMatchObject({ windows: 2, over_limit_windows: 0 })
    expect(truth.worst?.admitted).toBe(50)
  })

  it('sees the double admission of a failover that lost the counter', () => {
    const ledger = createTruthLedger(options)
    answers(ledger, 'k7', 200, 100, 50)
    answers(ledger, 'k7', 429, 200, 20, 10)
    // The new primary has no counter: it opens a fresh window and admits 50 more inside ours.
    answers(ledger, 'k7', 200, 600, 50)
    expect(ledger.snapshot(T + 4000)).toMatchObject({
      windows: 1,
      over_limit_windows: 1,
      worst: { key: 'k7', window_start: T + 101, admitted: 100 },
    })
  })

  it('counts windows per key: two keys at their limit are two windows within it', () => {
    const ledger = createTruthLedger(options)
    answers(ledger, 'k1', 200, 0, 50)
    answers(ledger, 'k2', 200, 0, 50)
    expect(ledger.snapshot(T + 4000)).toMatchObject({ windows: 2, over_limit_windows: 0 })
  })

  it('places an admission answered out of order in the window it began', () => {
    const ledger = createTruthLedger(options)
    answers(ledger, 'k1', 200, 1010, 10)
    // Sent before the others and answered after them: Redis counted it at about 1005 ms, where the window opened.
    ledger.record({ key: 'k1', status: 200, sent: T + 990, received: T + 1020 })
    const truth = ledger.snapshot(T + 4500)
    expect(truth).toMatchObject({ windows: 1, worst: { window_start: T + 1005, admitted: 11 } })
  })

  it('reports only windows that closed and settled, and forgets those past the horizon', () => {
    const ledger = createTruthLedger(options)
    answers(ledger, 'k1', 200, 0, 60)
    expect(ledger.snapshot(T + 2500).windows).toBe(0)
    expect(ledger.snapshot(T + 3100)).toMatchObject({ windows: 1, over_limit_windows: 1 })
    expect(ledger.snapshot(T + 12_000)).toMatchObject({ windows: 0, over_limit_windows: 0, worst: null })
  })

  it('reports no rejected share before any answer', () => {
    expect(createTruthLedger(options).snapshot(T)).toMatchObject({ windows: 0, rejected_share: 0, at: T })
  })
})
