/**
 * `operator demo --scenario` end to end, in a real terminal (tmux) with a
 * real etcd cluster: the narration band before the step fires, the
 * presenter's space firing it, the report opening over the panels, the
 * exit code of the scenario; and `q` in the middle of a timed run stopping
 * the scenario (rollbacks, cluster down) — nothing left running either way.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { execa } from 'execa'
import { describe, expect, it, onTestFinished } from 'vitest'
import { CLI, createOperatorEnv, type OperatorEnv, waitFor } from '../fixtures/operator-env.js'
import { alive } from '../fixtures/processes.js'
import { openTerminal } from '../fixtures/tmux.js'

const SCENARIOS = new URL('../../scenarios/', import.meta.url).pathname

/** The demo in a terminal; its exit code lands in a file once the screen is gone. */
async function demo(op: OperatorEnv, args: string[]) {
  const rcFile = join(op.home, 'demo.rc')
  const term = await openTerminal(
    ['sh', '-c', `"$0" "$@"; echo $? > '${rcFile}'`, process.execPath, CLI, 'demo', ...args],
    op.env,
  )
  const runs = () => {
    try {
      return readdirSync(join(op.home, 'runs'))
    } catch {
      return []
    }
  }
  onTestFinished(async () => {
    // On failure: whatever the demo left, stop it by its recorded pids.
    for (const run of runs()) {
      const left = await execa('pgrep', ['-f', run], { reject: false })
      for (const pid of left.stdout.split('\n').filter(Boolean).map(Number)) {
        try {
          if (pid !== process.pid) process.kill(pid, 'SIGKILL')
        } catch {
          // gone meanwhile
        }
      }
      await op.cli(['cluster', 'down', '--run', run])
    }
  })
  // The file's text, not its number: waitFor takes a 0 for "not yet".
  const exitCode = async () =>
    Number(
      await waitFor(
        'the demo to exit',
        () => {
          try {
            return readFileSync(rcFile, 'utf8').trim()
          } catch {
            return undefined
          }
        },
        60_000,
      ),
    )
  return { term, runs, exitCode }
}

/** Faults injected so far, as the audit log has them. */
function faultsInjected(op: OperatorEnv): number {
  const db = new Database(join(op.home, 'operator.db'), { readonly: true, fileMustExist: true })
  try {
    return (db.prepare("SELECT count(*) AS n FROM events WHERE type = 'fault.injected'").get() as { n: number }).n
  } finally {
    db.close()
  }
}

/** Nothing of the run is running: no member, no child. */
async function nothingLeft(op: OperatorEnv, runId: string): Promise<void> {
  const left = await execa('pgrep', ['-f', runId], { reject: false })
  expect(left.stdout.trim()).toBe('')
  const etcd = await execa('pgrep', ['-f', join(op.home, 'runs', runId)], { reject: false })
  expect(etcd.stdout.trim()).toBe('')
}

describe('operator demo --scenario on a real terminal', () => {
  it('narrates the step, waits for the presenter’s space, fires it, shows the report at the end and exits with the scenario’s verdict', async () => {
    const op = createOperatorEnv()
    const { term, runs, exitCode } = await demo(op, [
      '--scenario',
      join(SCENARIOS, 'etcd-member-crash.yaml'),
      '--step',
      '--as',
      'presenter',
    ])

    const waiting = await term.waitForScreen(/press space to fire it: kill_member → follower/, 60_000)
    // (tmux draws the label's middle dots with its own line-drawing set.)
    expect(waiting).toMatch(/Scenario . A follower crashes and is restarted . step 1 of 1/)
    expect(waiting).toContain('A follower dies without warning (SIGKILL).')
    expect(waiting).toMatch(/space fire the next step/)
    const runId = runs()[0] ?? ''
    expect(runId).toMatch(/^etcd-/)
    // Held for the presenter: a while later nothing has been injected.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const held = await term.capture()
    expect(held).toMatch(/press space to fire it/)
    expect(held).toMatch(/0 open/)
    expect(faultsInjected(op)).toBe(0)

    await term.send('Space')
    await waitFor('the presenter’s step to fire', () => faultsInjected(op) === 1 || undefined, 20_000)
    const report = await term.waitForScreen(/A follower crashes and is restarted — PASSED/, 90_000)
    expect(report).toMatch(/PASS\s+ticket members_healthy within 30s/)
    expect(report).toMatch(/PASS\s+restart_member executed within 45s/)
    // Three written expectations and the scenario's forbid list.
    expect(report).toMatch(/PASS\s+none of defragment_member, compact_revisions executed/)
    expect(report).toMatch(/PASSED: 4 of 4 expectations passed/)

    // Once the cluster is down the screen says so; the report closes with any key, then q quits.
    await term.waitForScreen(/the scenario is over/, 30_000)
    await term.send('Escape')
    // (An escape followed at once by q would read as alt-q.)
    await waitFor(
      'the report to close',
      async () => !(await term.capture()).includes('restarted — PASSED') || undefined,
      10_000,
    )
    await term.send('q')
    expect(await exitCode()).toBe(0)
    await nothingLeft(op, runId)

    // Recorded as a demo of the scenario, paced by the presenter; a replay shows the narration.
    const listed = JSON.parse((await op.cli(['runs', 'list', '--json'])).stdout) as {
      runs: { id: string; kind: string; meta: { scenario?: { paced_by?: string; outcome?: string } } }[]
    }
    expect(listed.runs.find((r) => r.id === runId)).toMatchObject({
      kind: 'demo',
      meta: { scenario: { paced_by: 'presenter', outcome: 'passed' } },
    })
    const replay = await op.cli(['replay', runId, '--headless', '--speed', 'max'])
    expect(replay.exitCode).toBe(0)
    expect(replay.stdout).toMatch(
      /=== A follower crashes and is restarted · step 1 of 1: A follower dies without warning \(SIGKILL\)\. — press space to fire it/,
    )
    expect(replay.stdout).toMatch(/=== A follower crashes and is restarted: PASSED: 4 of 4 expectations passed/)
  })

  it('stops a timed scenario when the presenter quits before its step: rollbacks, cluster down, exit 130', async () => {
    const op = createOperatorEnv()
    const file = join(op.home, 'late-crash.yaml')
    writeFileSync(
      file,
      [
        'title: A late crash',
        'subject: etcd',
        'modes: { safety: execute, approval: auto }',
        'steady_state: { invariants: all, hold: 1s }',
        'method:',
        '  - { at: 5m, fault: kill_member, target: m3, say: m3 dies five minutes in. }',
        'expect:',
        '  - { ticket: members_healthy, within: 30s }',
        'rollbacks:',
        '  - { action: restart_member, target: faulted }',
        'rollback_strategy: always',
        '',
      ].join('\n'),
    )
    const { term, runs, exitCode } = await demo(op, ['--scenario', file])
    await term.waitForScreen(/fires in 300s: kill_member → m3/, 60_000)
    const runId = runs()[0] ?? ''
    await term.send('q')
    await term.waitForScreen(/stopping the scenario/, 10_000).catch(() => undefined)
    expect(await exitCode()).toBe(130)
    await nothingLeft(op, runId)
    const listed = JSON.parse((await op.cli(['runs', 'list', '--json'])).stdout) as {
      runs: { id: string; meta: { scenario?: { outcome?: string; reason?: string; paced_by?: string } } }[]
    }
    expect(listed.runs.find((r) => r.id === runId)?.meta.scenario).toMatchObject({
      outcome: 'aborted',
      reason: 'interrupted: the presenter quit',
      paced_by: 'time',
    })
  })

  it('stops the scenario and everything it started when its terminal is closed, and exits', async () => {
    const op = createOperatorEnv()
    const { term, runs } = await demo(op, ['--scenario', join(SCENARIOS, 'etcd-member-crash.yaml'), '--step'])
    await term.waitForScreen(/press space to fire it/, 60_000)
    const runId = runs()[0] ?? ''
    const shell = await term.pid()
    const node = Number((await execa('pgrep', ['-P', String(shell)], { reject: false })).stdout.split('\n')[0])
    expect(node).toBeGreaterThan(0)
    await term.close()
    await waitFor('the demo to end with its terminal', () => !alive(node), 60_000)
    await nothingLeft(op, runId)
    const listed = JSON.parse((await op.cli(['runs', 'list', '--json'])).stdout) as {
      runs: { id: string; ended_at: number | null; meta: { scenario?: { outcome?: string; reason?: string } } }[]
    }
    const run = listed.runs.find((r) => r.id === runId)
    expect(run?.ended_at).not.toBeNull()
    expect(run?.meta.scenario).toMatchObject({ outcome: 'aborted', reason: 'interrupted: received SIGHUP' })
  })
})
