/**
 * Every shipped scenario through the real CLI on a real cluster
 * (`operator scenario run FILE --json`, each in its own OPERATOR_HOME): it
 * must pass every expectation and leave nothing running (those where several
 * things break at once: scenarios-multi.test.ts; the ratelimiter's, in the
 * other lane: scenarios-ratelimiter.test.ts). Then the ways a
 * run ends early: Ctrl-C during a paused member (rollbacks still run, the
 * report says aborted) and a system that is not steady (refused, nothing
 * injected).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { dirname, join } from 'node:path'
import { execa } from 'execa'
import { describe, expect, it, onTestFinished } from 'vitest'
import { ScenarioReport } from '../../src/scenario/report-schema.js'
import { CLI, createOperatorEnv, type OperatorEnv, waitFor } from '../fixtures/operator-env.js'
import { alive, memberPids } from '../fixtures/processes.js'
import { expectNothingLeft, expectShippedPasses, MULTI_FAULT, runCli, SHIPPED } from '../fixtures/shipped-scenario.js'

/** A scenario file of the test's own, removed when the test finishes. */
function scenarioFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'operator-scenario-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'scenario.yaml')
  writeFileSync(file, text)
  return file
}

/** Pauses m2 and waits (up to 120 s) for a steady state that only the resume in its rollbacks brings back: a run to stop early. */
function pauseScenario(title: string, strategy: 'always' | 'on_failure'): string {
  return scenarioFile(`title: ${title}
subject: etcd
modes: { safety: observe, approval: manual }
steady_state: { invariants: all }
method:
  - { at: 0s, fault: pause_member, target: m2 }
expect:
  - { steady_state_within: 120s }
rollbacks:
  - { fault: resume_member, target: faulted }
rollback_strategy: ${strategy}
`)
}

/** `operator scenario run` in the background, with its stderr (progress) collected as it comes. */
function startRun(op: OperatorEnv, file: string) {
  const proc = execa(process.execPath, [CLI, 'scenario', 'run', file, '--json'], {
    env: op.env,
    reject: false,
    stdin: 'ignore',
    timeout: 150_000,
  })
  let progress = ''
  proc.stderr?.on('data', (c: Buffer) => {
    progress += c.toString()
  })
  return { proc, progress: () => progress }
}

describe('shipped scenarios', () => {
  for (const name of SHIPPED.filter((n) => !MULTI_FAULT.includes(n) && !n.startsWith('ratelimiter-'))) {
    // The cheapest scenario also runs twice, for the statistics across runs.
    const runs = name === 'etcd-member-crash.yaml' ? 2 : 1
    it(`${name} passes every expectation${runs > 1 ? ` in ${runs} runs` : ''} and leaves nothing running`, () =>
      expectShippedPasses(name, runs))
  }
})

describe('scenario runs that end early', () => {
  it('runs the rollbacks after Ctrl-C: the paused member is resumed, the report says aborted, nothing is left running', async () => {
    const op = createOperatorEnv()
    const file = pauseScenario('pause, then Ctrl-C', 'on_failure')
    const run = startRun(op, file)
    await waitFor('the pause to be injected', () => run.progress().includes('pause_member → m2'), 90_000)
    await new Promise((r) => setTimeout(r, 1000))
    run.proc.kill('SIGINT')
    const r = await run.proc
    expect(r.exitCode, run.progress()).toBe(130)
    const report = ScenarioReport.parse(JSON.parse(String(r.stdout)))
    const [only] = report.runs
    expect(report.outcome).toBe('aborted')
    expect(only?.reason).toMatch(/interrupted: received SIGINT/)
    expect(only?.rollbacks).toMatchObject({
      ran: true,
      steps: [{ name: 'resume_member', status: 'ok', targets: ['m2'] }],
    })
    expect(only?.members_at_end?.find((m) => m.name === 'm2')?.state).toBe('running')
    expect(only?.expectations.map((e) => e.status)).toEqual(['failed'])
    await expectNothingLeft(op, report.runs)
  })

  it('stops the run, rolls back and ends when the pipe it reports to closes (no cluster left behind)', async () => {
    const op = createOperatorEnv()
    const file = pauseScenario('pause, then the reader goes away', 'always')
    // `operator scenario run FILE 2>&1 | head -1`: the reader leaves after the first line.
    const r = await execa('sh', ['-c', '"$0" "$@" 2>&1 | head -1', process.execPath, CLI, 'scenario', 'run', file], {
      env: op.env,
      reject: false,
      timeout: 120_000,
    })
    expect(r.stdout.split('\n')[0]).toMatch(/^cluster etcd-\S+ up on process/)
    const runs = JSON.parse((await op.cli(['runs', 'list', '--json'])).stdout) as {
      runs: { id: string; ended_at: number | null; meta: { scenario?: { outcome?: string; reason?: string } } }[]
    }
    const [run] = runs.runs
    await waitFor(
      'the run to end',
      async () => {
        const now = JSON.parse((await op.cli(['runs', 'list', '--json'])).stdout) as typeof runs
        return now.runs[0]?.ended_at ?? undefined
      },
      60_000,
    )
    const ended = (JSON.parse((await op.cli(['runs', 'list', '--json'])).stdout) as typeof runs).runs[0]
    expect(ended?.id).toBe(run?.id)
    expect(ended?.meta.scenario).toMatchObject({ outcome: 'aborted', reason: 'interrupted: the terminal is gone' })
    await waitFor('every member to stop', () => memberPids(op.home).filter(alive).length === 0, 30_000)
    expect((await execa('pgrep', ['-f', run?.id ?? 'none'], { reject: false })).stdout.trim()).toBe('')
  })

  it('refuses to inject into a system that is not steady, and says why', async () => {
    const op = createOperatorEnv()
    const file = scenarioFile(`title: never steady
subject: etcd
modes: { safety: observe, approval: manual }
steady_state: { invariants: [members_healthy], hold: 15s, timeout: 20s }
method:
  - { at: 0s, fault: kill_member, target: m3 }
expect:
  - { ticket: members_healthy, within: 30s }
rollbacks:
  - { action: restart_member, target: faulted }
`)
    const run = startRun(op, file)
    await waitFor(
      'the wait for the steady state',
      () => run.progress().includes('waiting for the steady state'),
      90_000,
    )
    // Behind the runner's back, while it waits: observe mode, so nobody repairs it.
    const paused = await op.cli(['fault', 'pause_member', '--target', 'm2'])
    expect(paused.exitCode, paused.stderr).toBe(0)
    const r = await run.proc
    expect(r.exitCode, run.progress()).toBe(9)
    const report = ScenarioReport.parse(JSON.parse(String(r.stdout)))
    const [only] = report.runs
    expect(report.outcome).toBe('refused')
    expect(only?.reason).toMatch(/refused to inject into an unhealthy system/)
    expect(only?.initial_steady_state).toMatchObject({ ok: false, violations: [{ key: 'members_healthy:m2' }] })
    expect(only?.steps).toEqual([])
    expect(only?.rollbacks).toMatchObject({ ran: false, why: 'the method never started: nothing to roll back' })
    await expectNothingLeft(op, report.runs)
  })
})

/** Kills m2, expects its ticket, and always rolls back with restart_member: a rollback action, which goes through the gate. */
function rollbackScenario(title: string, policy: string | null): string {
  return scenarioFile(`title: ${title}
subject: etcd
modes: { safety: execute, approval: manual }
${policy === null ? '' : `policy: ${policy}\n`}steady_state: { invariants: all, hold: 1s }
method:
  - { at: 0s, fault: kill_member, target: m2 }
expect:
  - { ticket: members_healthy, within: 30s }
rollbacks:
  - { action: restart_member, target: faulted }
rollback_strategy: always
`)
}

describe('actions in a scenario', () => {
  it('sends a rollback action through a proposal and the gate: a policy that denies it stops it', async () => {
    const op = createOperatorEnv()
    const file = rollbackScenario('a rollback the policy denies', 'no-restarts.yaml')
    writeFileSync(
      join(dirname(file), 'no-restarts.yaml'),
      'rules:\n  - id: no-restarts\n    match: { action: restart_member }\n    decision: deny\ndefault: require_approval\n',
    )
    const r = await runCli(op, ['scenario', 'run', file, '--json'])
    const report = ScenarioReport.parse(JSON.parse(r.stdout))
    const [only] = report.runs
    expect(only?.rollbacks.ran, r.stderr).toBe(true)
    const [rollback] = only?.rollbacks.steps ?? []
    expect(rollback).toMatchObject({ kind: 'action', name: 'restart_member', status: 'failed' })
    expect(rollback?.summary).toMatch(/denied.*no-restarts/)
    expect(only?.members_at_end?.find((m) => m.name === 'm2')?.state).toBe('exited')
    const store = op.store()
    const denied = store.proposals({ status: ['denied'] }).filter((p) => p.created_by.startsWith('scenario:'))
    expect(denied.map((p) => p.action)).toEqual(['restart_member'])
    expect(store.events({ types: ['proposal.executing'] })).toEqual([])
    await expectNothingLeft(op, report.runs)
  })

  it("runs an allowed rollback action as a proposal the scenario's author approves, through the gate", async () => {
    const op = createOperatorEnv()
    const file = rollbackScenario('a rollback through the gate', null)
    const r = await runCli(op, ['scenario', 'run', file, '--json'])
    const [only] = ScenarioReport.parse(JSON.parse(r.stdout)).runs
    const [rollback] = only?.rollbacks.steps ?? []
    expect(rollback, r.stderr).toMatchObject({ kind: 'action', name: 'restart_member', status: 'ok' })
    expect(only?.members_at_end?.find((m) => m.name === 'm2')?.state).toBe('running')
    const store = op.store()
    const [mine] = store.proposals({}).filter((p) => p.created_by.startsWith('scenario:'))
    expect(mine).toMatchObject({ action: 'restart_member', status: 'verified', params: { member: 'm2' } })
    const approvals = store.approvals(mine?.id ?? '')
    expect(approvals.map((a) => [a.actor, a.decision])).toEqual([[userInfo().username, 'approve']])
    const executing = store.events({ types: ['proposal.executing'] }).filter((e) => e.payload.proposal_id === mine?.id)
    expect(executing).toHaveLength(1)
  })
})
