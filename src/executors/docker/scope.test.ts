import { describe, expect, it } from 'vitest'
import { labelScope, MANAGED_ONLY, runScope } from './scope.js'

describe('Docker action scope', () => {
  it('admits only managed targets by default and names the rule otherwise', () => {
    expect(
      MANAGED_ONLY.check({ kind: 'container', id: 'a', name: 'm1', labels: { 'operator.managed': 'true' } }),
    ).toBeNull()
    expect(MANAGED_ONLY.check({ kind: 'container', id: 'b', name: 'db', labels: {} })).toEqual({
      rule: 'scope.managed_only',
      message:
        'container "db" is not labelled operator.managed=true: only such containers may be touched by Docker actions',
    })
    expect(
      MANAGED_ONLY.check({ kind: 'network', id: 'n', name: 'bridge', labels: { 'operator.managed': 'false' } })?.rule,
    ).toBe('scope.managed_only')
  })

  it('can narrow to one run', () => {
    const scope = labelScope('scope.this_run', { 'operator.managed': 'true', 'operator.run': 'r1' })
    expect(
      scope.check({
        kind: 'container',
        id: 'a',
        name: 'x',
        labels: { 'operator.managed': 'true', 'operator.run': 'r2' },
      })?.rule,
    ).toBe('scope.this_run')
  })

  it("bound to a run, admits only that run's managed targets and says how to fix a refusal", () => {
    const scope = runScope('r1')
    const target = (labels: Record<string, string>) => ({ kind: 'container' as const, id: 'a', name: 'x', labels })
    expect(scope.check(target({ 'operator.managed': 'true', 'operator.run': 'r1' }))).toBeNull()
    expect(scope.check(target({ 'operator.managed': 'true', 'operator.run': 'r2' }))).toEqual({
      rule: 'scope.this_run',
      message:
        'container "x" belongs to run r2 (operator.run=r2): the Docker actions of run r1 only touch containers labelled ' +
        "operator.managed=true, operator.run=r1; fix: act on run r2 from that run, or name one of run r1's containers",
    })
    expect(scope.check(target({ 'operator.run': 'r1' }))?.message).toMatch(/^container "x" is not managed by Operator/)
    expect(scope.check({ ...target({ 'operator.managed': 'true' }), kind: 'network' })?.message).toMatch(
      /^network "x" belongs to no run .*fix: name one of run r1's networks$/,
    )
  })
})
