import { describe, expect, it } from 'vitest'
import type { BaseObservation, Playbook, Triage, Violation } from './subject.js'
import { triaged, triageOf } from './triage.js'

const OBS: BaseObservation = { subject: 'test', run_id: 'run-1', at: 0, duration_ms: 1 }
const ROOT0: Triage = { cause: null, priority: 0, reason: '' }

function v(key: string): Violation {
  const [invariant = key, target = null] = key.split(':')
  return { invariant, key, severity: 'critical', target, message: `${key} is broken`, evidence: {} }
}

/** A playbook whose triage is a fixed table by key, recording the keys it was asked about. */
function tablePlaybook(table: Record<string, Triage>): Playbook<BaseObservation> & { asked: string[][] } {
  const asked: string[][] = []
  return {
    asked,
    triage(violations) {
      asked.push(violations.map((x) => x.key))
      const out = new Map<string, Triage>()
      for (const x of violations) {
        const t = table[x.key]
        if (t !== undefined) out.set(x.key, t)
      }
      return out
    },
    candidates: () => [],
  }
}

const root = (priority: number): Triage => ({ cause: null, priority, reason: `root ${priority}` })
const of = (cause: string): Triage => ({ cause, priority: 0, reason: `follows ${cause}` })

describe('triaged', () => {
  it('puts roots first, highest priority first, then consequences, keeping the order otherwise', () => {
    const playbook = tablePlaybook({
      'a:1': root(0),
      'b:1': of('c:1'),
      'c:1': root(10),
      'd:1': root(10),
      'e:1': of('d:1'),
      'g:1': root(25),
    })
    const violations = ['a:1', 'b:1', 'c:1', 'd:1', 'e:1', 'f:1', 'g:1'].map(v)
    const out = triaged(playbook, violations, OBS)
    expect(out.map((x) => x.key)).toEqual(['g:1', 'c:1', 'd:1', 'a:1', 'f:1', 'b:1', 'e:1'])
    expect(out.map((x) => x.triage)).toEqual([root(25), root(10), root(10), root(0), ROOT0, of('c:1'), of('d:1')])
  })

  it('annotates copies and leaves the violations it was given untouched', () => {
    const violations = [v('a:1'), v('b:1')]
    const out = triaged(tablePlaybook({ 'b:1': root(5) }), violations, OBS)
    expect(out.map((x) => x.key)).toEqual(['b:1', 'a:1'])
    expect(violations[0]?.triage).toBeUndefined()
    expect(violations[1]?.triage).toBeUndefined()
    expect(out[0]).toMatchObject({ ...violations[1], triage: root(5) })
  })

  it('treats a cause that is not among the violations as no cause: a root of priority 0', () => {
    const playbook = tablePlaybook({ 'a:1': root(3), 'b:1': { cause: 'gone:1', priority: 7, reason: 'x' } })
    const out = triaged(playbook, [v('b:1'), v('a:1')], OBS)
    expect(out.map((x) => [x.key, x.triage])).toEqual([
      ['a:1', root(3)],
      ['b:1', ROOT0],
    ])
    expect(triageOf(playbook, [v('b:1')], OBS).get('b:1')).toEqual(ROOT0)
  })

  it('leaves every violation a root of priority 0, in its order, when the playbook has no triage', () => {
    const playbook: Playbook<BaseObservation> = { candidates: () => [] }
    const out = triaged(playbook, [v('c:1'), v('a:1'), v('b:1')], OBS)
    expect(out.map((x) => x.key)).toEqual(['c:1', 'a:1', 'b:1'])
    for (const x of out) expect(x.triage).toEqual(ROOT0)
    expect([...triageOf(playbook, [v('c:1'), v('a:1')], OBS)]).toEqual([
      ['c:1', ROOT0],
      ['a:1', ROOT0],
    ])
  })

  it('lets a context violation still in its grace be the cause of one being triaged', () => {
    const playbook = tablePlaybook({ 'down:m2': root(30), 'leader:1': of('down:m2') })
    const context = [v('down:m2'), v('leader:1')]
    // The checker raised only the missing leader so far; the member down is still in its grace.
    const out = triaged(playbook, [v('leader:1')], OBS, context)
    expect(out.map((x) => [x.key, x.triage])).toEqual([['leader:1', of('down:m2')]])
    expect(playbook.asked.at(-1)).toEqual(['down:m2', 'leader:1'])
    // Without the context its cause is unknown: a root.
    expect(triaged(playbook, [v('leader:1')], OBS)[0]?.triage).toEqual(ROOT0)
  })

  it('triages violations that are not in the context too (leader churn, which evaluate never shows)', () => {
    const playbook = tablePlaybook({ 'down:m2': root(30), 'churn:1': of('down:m2') })
    const out = triaged(playbook, [v('churn:1'), v('down:m2')], OBS, [v('down:m2')])
    expect(playbook.asked.at(-1)).toEqual(['down:m2', 'churn:1'])
    expect(out.map((x) => [x.key, x.triage])).toEqual([
      ['down:m2', root(30)],
      ['churn:1', of('down:m2')],
    ])
  })
})
