import { describe, expect, it } from 'vitest'
import { labelScope, MANAGED_ONLY } from './scope.js'

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
})
