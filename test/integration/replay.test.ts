/**
 * Recording and replay end to end: a real `operator demo --headless` run is
 * recorded, listed, exported to a file, and played back from that file in
 * another, empty home — no database, no cluster, no agent.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { describe, expect, it, onTestFinished } from 'vitest'
import type { RunRecord } from '../../src/core/recording-entry.js'
import { CLI, createOperatorEnv } from '../fixtures/operator-env.js'

describe('operator replay', () => {
  it('replays a recorded headless demo from an exported file, with no cluster running', async () => {
    const op = createOperatorEnv()
    const demo = await op.cli(['demo', '--headless', '--fault', 'kill_member', '--interval', '300'])
    expect(demo.exitCode, demo.stderr).toBe(0)

    const { runs } = await op.cliJson<{ runs: RunRecord[] }>(['runs', 'list'])
    expect(runs).toHaveLength(1)
    const run = runs[0] as RunRecord
    expect(run).toMatchObject({ kind: 'headless', subject: 'etcd' })
    expect(run.ended_at).not.toBeNull()
    expect(run.entries).toBeGreaterThan(20)
    expect(demo.stdout).toContain(`cluster ${run.id} down (recorded: operator replay ${run.id})`)
    const cluster = await op.cliJson<{ members: { state: string }[] }>(['cluster', 'status', '--run', run.id])
    expect(cluster.members.map((m) => m.state)).toEqual(['exited', 'exited', 'exited'])

    const file = join(op.home, 'exported.ndjson')
    const exported = await op.cli(['runs', 'export', run.id, '--out', file])
    expect(exported.exitCode, exported.stderr).toBe(0)
    const header = JSON.parse(readFileSync(file, 'utf8').split('\n')[0] ?? '') as Record<string, unknown>
    expect(header).toMatchObject({
      format: 'operator.recording',
      schema_version: 2,
      run: run.id,
      subject: 'etcd',
      kind: 'headless',
      entries: run.entries,
    })

    // Another home with nothing in it: the file alone is enough.
    const elsewhere = mkdtempSync(join(tmpdir(), 'operator-replay-'))
    onTestFinished(() => rmSync(elsewhere, { recursive: true, force: true }))
    const replay = await execa(process.execPath, [CLI, 'replay', file, '--headless', '--speed', 'max'], {
      env: { ...op.env, OPERATOR_HOME: elsewhere },
      reject: false,
      stdin: 'ignore',
      timeout: 30_000,
    })
    expect(replay.exitCode, replay.stderr).toBe(0)
    expect(replay.stdout).toMatch(/monitor\s+OPEN\s+T-\d+ members_healthy:m1 \(critical\)/)
    expect(replay.stdout).toMatch(/agent\s+EXECUTED\s+P-\d+ restart_member/)
    expect(replay.stdout).toMatch(/RESOLVED T-\d+ members_healthy:m1/)
    expect(replay.stdout).toMatch(/demo: kill_member on m1 detected in \d+ ms, repaired in \d+ ms/)
    expect(replay.stdout).toMatch(new RegExp(`replay done: ${run.entries} of ${run.entries} entries`))
    // The same lines the demo printed live, in the same order (its last line came after the recording ended).
    const live = demo.stdout.trimEnd().split('\n').slice(0, -1)
    const replayed = replay.stdout.trimEnd().split('\n').slice(1, -1)
    expect(replayed).toEqual(live)
  })

  it('says it needs a terminal when there is none, and suggests --headless', async () => {
    const op = createOperatorEnv()
    const r = await execa(process.execPath, [CLI, 'replay', 'last'], { env: op.env, reject: false, stdin: 'ignore' })
    expect(r.exitCode).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/needs a terminal.*--headless/)
  })

  it('says which runs there are when the one asked for is not recorded', async () => {
    const op = createOperatorEnv()
    const list = await op.cli(['runs', 'list'])
    expect(list.stdout).toMatch(/no recorded runs yet/)
    const r = await op.cli(['replay', 'etcd-nope', '--headless'])
    expect(r.exitCode).toBe(6)
    expect(r.stderr).toMatch(/no recording "etcd-nope".*operator runs list/)
  })
})
