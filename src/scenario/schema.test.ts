import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { SubjectCatalogue } from './check-references.js'
import { type CatalogueSource, checkScenarioText } from './check-text.js'
import { bundledScenarioDir, readScenario } from './load-scenario.js'
import { formatProblem } from './problem.js'
import { ScenarioFile } from './schema.js'

const CATALOGUE: SubjectCatalogue = {
  subject: 'etcd',
  invariants: ['leader_exists', 'members_healthy', 'no_alarm', 'leader_preferred'],
  faults: [
    { name: 'kill_member', targeted: true, dockerOnly: false },
    { name: 'pause_member', targeted: true, dockerOnly: false },
    { name: 'resume_member', targeted: true, dockerOnly: false },
    { name: 'fill_quota', targeted: false, dockerOnly: false },
    { name: 'partition_member', targeted: true, dockerOnly: true },
  ],
  actions: [
    { name: 'restart_member', params: z.strictObject({ member: z.enum(['m1', 'm2', 'm3']) }) },
    { name: 'transfer_leader', params: z.strictObject({ to: z.enum(['m1', 'm2', 'm3']) }) },
  ],
  members: ['m1', 'm2', 'm3'],
}
const SOURCE: CatalogueSource = { catalogue: (name) => (name === 'etcd' ? CATALOGUE : null), subjects: ['etcd'] }

const GOOD = `title: crash
subject: etcd
modes: { safety: execute, approval: auto }
steady_state:
  invariants: all
method:
  - at: 0s
    fault: kill_member
    target: follower
expect:
  - { ticket: members_healthy, within: 30s }
  - { action_executed: restart_member, within: 45s }
  - { steady_state_within: 1m }
rollbacks:
  - { action: restart_member, target: faulted }
`

/** The problems of a text as `line:path: message`. */
function problems(text: string): string[] {
  const r = checkScenarioText(text, 'test.yaml', SOURCE)
  return r.ok ? [] : r.problems.map((p) => `${p.line}:${p.path}: ${p.message}`)
}

describe('scenario files', () => {
  it('parses a good file with durations in milliseconds and the defaults filled in', () => {
    const r = checkScenarioText(GOOD, 'test.yaml', SOURCE)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.scenario).toMatchObject({
      runtime: 'process',
      poll_interval: 500,
      rollback_strategy: 'always',
      steady_state: { invariants: 'all', hold: 2000, timeout: 60_000 },
    })
    expect(r.scenario.expect).toEqual([
      { ticket: 'members_healthy', within: 30_000 },
      { action_executed: 'restart_member', within: 45_000 },
      { steady_state_within: 60_000 },
    ])
    expect(r.scenario.method[0]).toMatchObject({ at: 0, fault: 'kill_member', target: 'follower' })
  })

  it('reports a misspelt key, a bad duration and a missing field with their lines and paths', () => {
    const bad = GOOD.replace('steady_state:\n  invariants: all', 'steady_state:\n  invariants: all\n  hodl: 2s')
      .replace('within: 30s', 'within: 30 seconds')
      .replace('title: crash\n', '')
    expect(problems(bad)).toEqual(
      expect.arrayContaining([
        '1:title: missing (string required)',
        '5:steady_state.hodl: unknown key "hodl"',
        '11:expect.0.within: must be a duration such as 500ms, 10s or 2m',
      ]),
    )
  })

  it('gives every problem a hint and prints it as file:line: path: message — hint', () => {
    const r = checkScenarioText(
      GOOD.replace('fault: kill_member', 'fault: kill_member\n    colour: red'),
      'crash.yaml',
      SOURCE,
    )
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.problems).toHaveLength(1)
    expect(formatProblem(r.problems[0] as never)).toMatch(
      /^crash\.yaml:9: method\.0\.colour: unknown key "colour" — remove it or check its spelling/,
    )
  })

  it('reports a bad expectation against its own kind, and one with no known key as such', () => {
    const bad = GOOD.replace(
      '{ action_executed: restart_member, within: 45s }',
      '{ action_executed: restart_member, within: soon }',
    ).replace('{ steady_state_within: 1m }', '{ steady: 1m }')
    expect(problems(bad)).toEqual([
      '12:expect.1.within: must be a duration such as 500ms, 10s or 2m',
      '13:expect.2: an expectation needs exactly one of ticket, action_executed, proposal, steady_state_within, no_execution, acted_on',
    ])
  })

  it('wants exactly one of fault and action in a step, and a seed only with random', () => {
    const both = GOOD.replace('fault: kill_member\n', 'fault: kill_member\n    action: restart_member\n    seed: 3\n')
    expect(problems(both)).toEqual([
      '9:method.0.action: a step has both fault: and action: (make them two steps)',
      '10:method.0.seed: seed only applies to target: random',
    ])
    expect(problems(GOOD.replace('    fault: kill_member\n', ''))).toEqual([
      '7:method.0: a step needs fault: or action:',
    ])
  })

  it('refuses a remediation action among the method steps, naming the step: only faults change the system there', () => {
    const acting = GOOD.replace('fault: kill_member', 'action: restart_member').replace(
      'target: follower',
      'target: m2',
    )
    const r = checkScenarioText(acting, 'acting.yaml', SOURCE)
    expect(problems(acting)).toEqual([
      '8:method.0.action: method steps change the system only through faults; restart_member is a remediation action',
    ])
    expect(r.ok ? '' : formatProblem(r.problems[0] as never)).toMatch(/put the action in rollbacks/)
  })

  it('reports YAML syntax errors with their line', () => {
    expect(problems('title: x\nmethod: [\n  - at: 0s\n')[0]).toMatch(/^3:\(yaml\): /)
  })

  it('checks names against the subject: faults, actions, invariants, targets, runtime and modes', () => {
    const bad = GOOD.replace('fault: kill_member', 'fault: kil_member')
      .replace('ticket: members_healthy', 'ticket: members_happy')
      .replace('invariants: all', 'invariants: [leader_exists, quorum]')
      .replace(
        '{ action: restart_member, target: faulted }',
        '{ action: restart_member, target: m9 }\n  - { fault: pause_member }\n  - { fault: partition_member, target: m2 }',
      )
    expect(problems(bad)).toEqual([
      '5:steady_state.invariants.1: unknown invariant "quorum"',
      '8:method.0.fault: unknown fault "kil_member" for etcd',
      '15:rollbacks.0.target: unknown target "m9"',
      '16:rollbacks.1: fault pause_member needs a target',
      '17:rollbacks.2.fault: fault partition_member needs the docker runtime',
      '11:expect.0.ticket: unknown invariant "members_happy"',
    ])
  })

  it('keeps faulted for rollbacks, checks action params, and refuses executions in observe mode', () => {
    const bad = GOOD.replace('target: follower', 'target: faulted')
      .replace('modes: { safety: execute, approval: auto }', 'modes: { safety: observe, approval: manual }')
      .replace('{ action: restart_member, target: faulted }', '{ action: transfer_leader, params: { to: m7 } }')
    expect(problems(bad)).toEqual([
      '9:method.0.target: unknown target "faulted"',
      '15:rollbacks.0.params.to: transfer_leader: Invalid option: expected one of "m1"|"m2"|"m3"',
      '12:expect.1.action_executed: nothing is executed in observe mode',
    ])
  })

  it('names an unknown subject', () => {
    expect(problems(GOOD.replace('subject: etcd', 'subject: zookeeper'))).toEqual([
      '2:subject: unknown subject "zookeeper"',
    ])
  })

  it('validates every shipped scenario', () => {
    const dir = bundledScenarioDir()
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'))
    expect(files.length).toBeGreaterThanOrEqual(6)
    for (const f of files) {
      const { check } = readScenario(join(dir, f))
      expect(check.ok ? [] : check.problems.map(formatProblem), f).toEqual([])
    }
  })

  it('keeps the published JSON Schema of scenario files in sync with the zod schema', () => {
    const published = JSON.parse(readFileSync(new URL('./scenario.schema.json', import.meta.url), 'utf8')) as unknown
    expect(published).toEqual(z.toJSONSchema(ScenarioFile, { io: 'input', unrepresentable: 'any' }))
  })
})
