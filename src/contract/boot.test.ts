/**
 * `operator boot` and `operator handoff` on a deterministic store (fixed
 * clock, fixed policy digest): golden JSON and text under test/golden/boot/
 * (`UPDATE_GOLDEN=1` rewrites them), the decision ledger, and each
 * consistency check failing for the reason it names.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { proposalAt, TEST_KEY, ticketFor } from '../../test/fixtures/proposal-states.js'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import { recordApproval } from '../safety/approvals.js'
import { builtInPolicy } from '../safety/policy/load-policy.js'
import { Boot, boot, bootText } from './boot.js'
import type { ContractDeps } from './common.js'
import { HandoffResult, handoff, handoffText } from './handoff.js'

const POLICY = { ...builtInPolicy(), digest: '5eed'.repeat(16) }
const CLUSTER = {
  ok: true,
  summary: 'run run-1 (process): 3/3 members running; leader=m1 term=2 | m1 up 1.0MB | m2 up 1.0MB | m3 up 1.0MB',
  members: ['m1', 'm2', 'm3'].map((name) => ({ name, state: 'running' })),
}
const observe = async () => CLUSTER

function expectGolden(name: string, text: string): void {
  const file = fileURLToPath(new URL(`../../test/golden/boot/${name}`, import.meta.url))
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, text)
  }
  expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true)
  expect(text).toBe(readFileSync(file, 'utf8'))
}

/** Execute mode; P-1 approved by alice; P-2 rejected by bob; P-3 denied; a run-2 ticket escalated; one handoff. */
function scenario() {
  const env = createTempStore()
  const { store, clock } = env
  const deps: ContractDeps = { store, home: '/nonexistent', policy: POLICY, clock }
  const tick = () => clock.advance(1000)
  store.setModes({ safety: 'execute', explicit: true, reason: 'test' }, 'alice')
  tick()
  proposalAt(store, ticketFor(store), 'approved')
  tick()
  const t2 = ticketFor(store, 'run-1', 'leader_preferred')
  const p2 = proposalAt(store, t2, 'awaiting_approval')
  tick()
  const rejection = { proposalId: p2.id, actor: 'bob', decision: 'reject' as const, runId: 'run-1' }
  recordApproval(store, { ...rejection, comment: 'not while the workload peaks' }, TEST_KEY)
  tick()
  const p3 = proposalAt(store, t2, 'validated')
  store.transition(p3.id, p3.version, 'denied', { actor: 'agent-a', runId: 'run-1', reason: 'denied by no-fridays' })
  tick()
  ticketFor(store, 'run-2', 'no_alarm')
  const claimed = store.claimTicket({ runId: 'run-2', agentId: 'agent-b', staleBefore: 0, executeMode: true })
  store.finishTicket(claimed?.ticket.id ?? '', 'agent-b', 'escalated', 'nothing worked', 'disarm NOSPACE by hand')
  tick()
  return { ...env, deps }
}

const recordHandoff = (deps: ContractDeps, digest?: string) =>
  handoff(deps, {
    by: 'agent-a',
    summary: 'P-1 approved, waiting for the gate; P-2 rejected by bob',
    tasks: ['execute P-1 (restart m2)'],
    risks: ['m2 restarts under load'],
    unknowns: ['why m2 exited'],
    ...(digest === undefined ? {} : { digest }),
  })

describe('operator boot', () => {
  it('matches the golden boot and handoff, JSON valid by their schemas', async () => {
    const { deps, clock } = scenario()
    const h = recordHandoff(deps)
    clock.advance(1000)
    const b = await boot(deps, { observe })
    expectGolden('handoff.json', `${JSON.stringify(HandoffResult.parse(h), null, 2)}\n`)
    expectGolden('handoff.txt', `${handoffText(h)}\n`)
    expectGolden('boot.json', `${JSON.stringify(Boot.parse(b), null, 2)}\n`)
    expectGolden('boot.txt', `${bootText(b)}\n`)
    expect(b.last_handoff).toEqual(h.handoff)
    expect(b.state_digest).toBe(h.next_digest)
  })

  it('lists each decision once with its reason and seq: approvals, rejections, denials, escalations', async () => {
    const { deps, store } = scenario()
    const b = await boot(deps)
    expect(b.ledger.map((e) => [e.kind, e.actor, e.proposal_id ?? e.ticket_id, e.reason])).toEqual([
      ['approval', 'alice', 'P-1', 'approved (1/1 counted)'],
      ['rejection', 'bob', 'P-2', 'not while the workload peaks'],
      ['denial', 'agent-a', 'P-3', 'denied by no-fridays'],
      ['escalation', 'agent-b', 'T-3', 'disarm NOSPACE by hand'],
    ])
    for (const e of b.ledger) expect(store.events({ afterSeq: e.seq - 1, limit: 1 })[0]?.actor).toBe(e.actor)
    expect(b.tickets.map((t) => [t.id, t.status])).toEqual([
      ['T-1', 'open'],
      ['T-2', 'open'],
      ['T-3', 'escalated'],
    ])
    expect(b.proposals.map((p) => [p.id, p.status])).toEqual([['P-1', 'approved']])
    expect(b.cluster).toMatchObject({ state: 'not_checked', ok: false })
  })

  it('says an unreachable or absent cluster is a status, not a crash', async () => {
    const { deps } = scenario()
    const failing = async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:2379'))
    expect((await boot(deps, { observe: failing })).cluster).toMatchObject({ state: 'unreachable', ok: false })
    const none = async () => ({ ok: false, summary: 'no cluster is up' })
    expect((await boot(deps, { observe: none })).cluster).toMatchObject({ state: 'down', summary: 'no cluster is up' })
  })
})
