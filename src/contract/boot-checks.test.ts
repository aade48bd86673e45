/** A boot's consistency checks, each failing for the reason it names, with evidence. */
import { describe, expect, it } from 'vitest'
import { dropAppendOnly } from '../../test/fixtures/sql-dialect.js'
import { createTempStore, createViolation } from '../../test/fixtures/temp-store.js'
import { builtInPolicy } from '../safety/policy/load-policy.js'
import { boot } from './boot.js'
import type { ContractDeps } from './common.js'
import { handoff } from './handoff.js'

/** No process has this pid. */
const GONE_PID = 2_147_483_646

function setup() {
  const env = createTempStore()
  const deps: ContractDeps = { store: env.store, home: '/nonexistent', policy: builtInPolicy(), clock: env.clock }
  env.store.upsertViolation('run-1', 'etcd', createViolation(), 'monitor')
  const checkOf = async (name: string, d: ContractDeps = deps) => (await boot(d)).checks.find((c) => c.check === name)
  return { ...env, deps, checkOf }
}

describe('the consistency checks of a boot', () => {
  it('are all ok on a store nothing is wrong with', async () => {
    const { deps } = setup()
    expect((await boot(deps)).checks.map((c) => [c.check, c.ok])).toEqual([
      ['audit_chain', true],
      ['policy_changed_since_handoff', true],
      ['agent_dead', true],
      ['child_dead', true],
    ])
  })

  it('show a tampered audit chain as audit_chain not ok, naming the broken seq', async () => {
    const { store, checkOf } = setup()
    store.append({ run_id: 'run-1', actor: 'x', type: 'test.event', payload: { v: 'x' } })
    dropAppendOnly(store.db)
    store.db.prepare(`UPDATE events SET payload = replace(payload, '"x"', '"y"') WHERE seq = 2`).run()
    const check = await checkOf('audit_chain')
    expect(check).toMatchObject({ ok: false, detail: expect.stringContaining('broken at seq 2') })
    expect(check?.evidence).toContainEqual(expect.objectContaining({ type: 'audit_seq', ref: '2' }))
  })

  it('show an agent registered with a dead pid and no recorded stop as agent_dead', async () => {
    const { store, checkOf } = setup()
    store.registerAgent({ id: 'agent-live', pid: process.pid, subject: 'etcd', runId: 'run-1' })
    expect(await checkOf('agent_dead')).toMatchObject({ ok: true })
    store.registerAgent({ id: 'agent-gone', pid: GONE_PID, subject: 'etcd', runId: 'run-1' })
    const check = await checkOf('agent_dead')
    expect(check).toMatchObject({ ok: false, detail: expect.stringContaining(`agent-gone (pid ${GONE_PID})`) })
    expect(check?.detail).not.toContain('agent-live')
    store.stopAgent('agent-gone', 'run-1', 'test')
    expect(await checkOf('agent_dead')).toMatchObject({ ok: true })
  })

  it('show a policy other than the last handoff’s as policy_changed_since_handoff', async () => {
    const { deps, checkOf } = setup()
    const h = handoff(deps, { by: 'agent-1', summary: 'done' })
    expect(await checkOf('policy_changed_since_handoff')).toMatchObject({ ok: true })
    const changed = { ...deps, policy: { ...deps.policy, digest: 'c'.repeat(64), source: 'policy.yaml' } }
    const check = await checkOf('policy_changed_since_handoff', changed)
    expect(check).toMatchObject({ ok: false, detail: expect.stringContaining('policy.yaml') })
    expect(check?.evidence).toContainEqual(expect.objectContaining({ type: 'audit_seq', ref: String(h.handoff.seq) }))
  })

  it('skip a handoff that recorded no policy digest (the model brain’s) and compare with the one before', async () => {
    const { deps, store, checkOf } = setup()
    handoff(deps, { by: 'alice', summary: 'first' })
    const digest = 'd'.repeat(64)
    store.appendHandoff({
      by: 'agent-1',
      summary: 'brain',
      tasks: [],
      risks: [],
      unknowns: [],
      digest,
      digest_now: digest,
      policy_digest: null,
    })
    expect(await checkOf('policy_changed_since_handoff')).toMatchObject({
      ok: true,
      detail: expect.stringContaining('H-1'),
    })
  })

  it('show a child whose last status in the running supervised run is dead as child_dead', async () => {
    const { store, checkOf } = setup()
    const run = store.beginRun({ id: 'demo-1', subject: 'etcd', kind: 'demo', started_at: 0, meta: {} })
    const view = { name: 'agent' as const, pid: process.pid, exit_code: null, last_stderr: [], restarts: 0 }
    const child = (seq: number, v: object) => ({
      seq,
      at: seq,
      kind: 'child' as const,
      source: 'agent',
      stream: null,
      payload: JSON.stringify({ ...view, ...v }),
    })
    store.appendRecording(run, [child(0, { status: 'running' })])
    expect(await checkOf('child_dead')).toMatchObject({ ok: true })
    store.appendRecording(run, [child(1, { status: 'dead', exit_code: 1, last_stderr: ['boom'] })])
    const check = await checkOf('child_dead')
    expect(check).toMatchObject({ ok: false, detail: 'run demo-1: agent (exit 1: boom)' })
    store.endRun(run, 10, {})
    expect(await checkOf('child_dead')).toMatchObject({ ok: true })
  })
})
