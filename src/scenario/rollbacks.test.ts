import { describe, expect, it } from 'vitest'
import { rollbackDecision } from './rollbacks.js'
import { median, overallOutcome, percentile } from './stats.js'

describe('rollback strategy', () => {
  it('always rolls back once the method started, whatever the outcome', () => {
    for (const outcome of ['passed', 'failed', 'aborted'] as const)
      expect(rollbackDecision('always', outcome, true, 1).run).toBe(true)
  })

  it('rolls back on failure or abort only, under on_failure', () => {
    expect(rollbackDecision('on_failure', 'passed', true, 1)).toEqual({
      run: false,
      why: 'every expectation passed (rollback_strategy on_failure)',
    })
    expect(rollbackDecision('on_failure', 'failed', true, 1).run).toBe(true)
    expect(rollbackDecision('on_failure', 'aborted', true, 1)).toEqual({
      run: true,
      why: 'the run was aborted (rollback_strategy on_failure)',
    })
  })

  it('never rolls back under never, nor when nothing was injected', () => {
    expect(rollbackDecision('never', 'aborted', true, 1).run).toBe(false)
    expect(rollbackDecision('always', 'refused', false, 1)).toEqual({
      run: false,
      why: 'the method never started: nothing to roll back',
    })
    expect(rollbackDecision('always', 'failed', true, 0).run).toBe(false)
  })
})

describe('statistics across runs', () => {
  it('takes the median and the nearest-rank p95', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10)
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        95,
      ),
    ).toBe(95)
    expect(percentile([7], 95)).toBe(7)
  })

  it('passes several runs only when every run passed; an abort or a refusal wins over a failure', () => {
    const run = (outcome: 'passed' | 'failed' | 'aborted' | 'refused') =>
      ({ outcome }) as Parameters<typeof overallOutcome>[0][number]
    expect(overallOutcome([run('passed'), run('passed')])).toBe('passed')
    expect(overallOutcome([run('passed'), run('failed')])).toBe('failed')
    expect(overallOutcome([run('failed'), run('refused')])).toBe('refused')
    expect(overallOutcome([run('passed'), run('aborted')])).toBe('aborted')
  })
})
