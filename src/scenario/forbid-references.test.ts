/** A scenario's forbid list names actions of its subject, none of them expected executed. */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { staticCatalogue } from './catalogue.js'
import { checkReferences, type SubjectCatalogue } from './check-references.js'
import { ScenarioFile } from './schema.js'

const CATALOGUE: SubjectCatalogue = {
  subject: 'etcd',
  invariants: ['members_healthy'],
  faults: [{ name: 'kill_member', targeted: true, dockerOnly: false }],
  actions: ['restart_member', 'defragment_member', 'compact_revisions'].map((name) => ({ name, params: z.object({}) })),
  members: ['m1', 'm2', 'm3'],
}

function scenario(forbid?: string[]) {
  return ScenarioFile.parse({
    title: 'crash',
    subject: 'etcd',
    modes: { safety: 'execute', approval: 'auto' },
    steady_state: { invariants: 'all' },
    method: [{ at: '0s', fault: 'kill_member', target: 'm2' }],
    expect: [{ action_executed: 'restart_member', within: '45s' }],
    ...(forbid === undefined ? {} : { forbid }),
  })
}

const problems = (s: ReturnType<typeof scenario>, cat: SubjectCatalogue | null = CATALOGUE) =>
  checkReferences(s, cat, ['etcd']).map((p) => `${p.path.join('.')}: ${p.message} — ${p.hint}`)

describe('forbid references', () => {
  it('defaults to none', () => {
    expect(scenario().forbid).toEqual([])
  })

  it("accepts actions of the subject's catalogue", () => {
    expect(problems(scenario(['defragment_member', 'compact_revisions']))).toEqual([])
    expect(problems(scenario(['defragment_member']), staticCatalogue('etcd'))).toEqual([])
  })

  it('names an unknown action and the known ones', () => {
    expect(problems(scenario(['compact_revisions', 'reboot_cluster']))).toEqual([
      'forbid.1: unknown action "reboot_cluster" for etcd — use one of restart_member, defragment_member, compact_revisions',
    ])
  })

  it('refuses an action that is also expected executed', () => {
    expect(problems(scenario(['restart_member']))).toEqual([
      'forbid.0: restart_member is forbidden but expected as action_executed — remove restart_member from forbid, or stop expecting it executed',
    ])
  })

  it('refuses an empty name', () => {
    expect(() => scenario([''])).toThrow()
  })
})
