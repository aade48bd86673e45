/**
 * No proposal is left between states, on a real cluster with the built CLI:
 * an agent SIGKILLed after its action ran and before it verified — another
 * agent re-verifies the proposal and never runs it again; and a scenario
 * that ends while a proposal waits for a person — the proposal is cancelled
 * with the reason "run ended".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { describe, expect, it, onTestFinished } from 'vitest'
import { ScenarioReport } from '../../src/scenario/report-schema.js'
import { CLI, createOperatorEnv, waitFor } from '../fixtures/operator-env.js'

const MONITOR = ['monitor', '--interval', '300']
const AUTO = { OPERATOR_SAFETY_MODE: 'execute', OPERATOR_APPROVAL_MODE: 'auto' }

describe('an agent that dies between execution and verification', () => {
  it('leaves its executed proposal to another agent, which verifies it without executing it again', async () => {
    const op = createOperatorEnv()
    await op.clusterUp()
    const store = op.store()
    op.spawn('monitor', MONITOR)
    // A long settle: the window between `executed` and verification in which the agent dies.
    const first = op.spawn('agent-a', ['agent', '--settle', '8000'], AUTO)
    await op.cli(['fault', 'kill_member', '--target', 'm2'])
    const executed = await waitFor(
      'a proposal executed',
      () => store.proposals({ status: ['executed'] })[0],
      60_000,
      20,
    )
    await first.stop('SIGKILL')
    expect(store.proposal(executed.id).status).toBe('executed')

    const second = op.spawn('agent-b', ['agent', '--settle', '800'], AUTO)
    await waitFor(
      'the proposal re-verified',
      () => ['verified', 'verify_failed'].includes(store.proposal(executed.id).status),
      60_000,
    )
    expect(store.proposal(executed.id).status).toBe('verified')
    const about = store.events().filter((e) => e.payload.proposal_id === executed.id)
    const types = about.map((e) => e.type)
    expect(types.filter((t) => t === 'proposal.executing')).toHaveLength(1)
    expect(types.slice(-2)).toEqual(['proposal.recovering', 'proposal.verified'])
    expect(about.at(-1)?.actor).toBe(second.events().find((e) => e.event === 'agent.started')?.agent_id)
    await waitFor('the ticket resolved', () => store.ticket(executed.ticket_id).status === 'resolved', 60_000)
    // Nothing restarted m2 a second time, under this proposal or a new one.
    expect(store.events({ types: ['proposal.executing'] })).toHaveLength(1)
  })
})

describe('a scenario that ends while a proposal waits for a person', () => {
  it('cancels the proposal with the reason "run ended", with its audit event', async () => {
    const op = createOperatorEnv()
    const dir = mkdtempSync(join(tmpdir(), 'operator-scenario-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const file = join(dir, 'scenario.yaml')
    writeFileSync(
      file,
      `title: a restart waits for a person when the run ends
subject: etcd
modes: { safety: execute, approval: manual }
steady_state: { invariants: all, hold: 1s }
method:
  - { at: 0s, fault: kill_member, target: m2 }
expect:
  - { proposal: restart_member, status: awaiting_approval, within: 45s }
rollbacks:
  - { fault: start_member, target: faulted }
rollback_strategy: always
`,
    )
    const r = await execa(process.execPath, [CLI, 'scenario', 'run', file, '--json'], {
      env: op.env,
      reject: false,
      stdin: 'ignore',
      timeout: 170_000,
    })
    const report = ScenarioReport.parse(JSON.parse(String(r.stdout)))
    expect(report.outcome, String(r.stderr)).toBe('passed')
    const runId = report.runs[0]?.run_id ?? 'none'
    const store = op.store()
    const mine = store.proposals().filter((p) => store.ticket(p.ticket_id).run_id === runId)
    const waited = mine.filter((p) => p.action === 'restart_member' && p.created_by.startsWith('agent-'))
    expect(waited.length).toBeGreaterThan(0)
    for (const p of waited) expect(p).toMatchObject({ status: 'cancelled', reason: 'run ended' })
    expect(mine.filter((p) => ['proposed', 'validated', 'awaiting_approval', 'approved'].includes(p.status))).toEqual(
      [],
    )
    const cancelled = store.events({ types: ['proposal.cancelled'], runId })
    expect(cancelled.map((e) => [e.payload.proposal_id, e.payload.reason])).toEqual(
      waited.map((p) => [p.id, 'run ended']),
    )
    expect(store.events({ types: ['proposal.executing'] })).toEqual([])
    expect(String(r.stderr)).toMatch(new RegExp(`run ended: cancelled ${waited[0]?.id} restart_member`))
  })
})
