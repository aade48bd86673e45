/**
 * The kill switch while another process holds the database's write lock: the
 * agents are signalled and the action containers killed at once, without
 * waiting for the lock; the latch follows as soon as the lock is free, with
 * progress that says "busy" (never "corrupt") meanwhile.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { execa } from 'execa'
import { describe, expect, it, onTestFinished } from 'vitest'
import { testEngine } from '../fixtures/docker.js'
import { createKillLoad } from '../fixtures/kill-load.js'
import { CLI, createOperatorEnv, waitFor } from '../fixtures/operator-env.js'

/** A process that looks like an agent to the kill switch and says when it gets the nudge. */
function fakeAgent(): { pid: number; nudged: () => boolean } {
  const script = "process.on('SIGUSR2', () => console.log('nudged')); setInterval(() => {}, 1000)"
  const proc = execa(process.execPath, ['-e', script, 'agent', 'operator-test-agent'], { reject: false, buffer: false })
  let nudged = false
  proc.stdout?.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('nudged')) nudged = true
  })
  onTestFinished(async () => {
    proc.kill('SIGKILL')
    await proc
  })
  return { pid: proc.pid ?? -1, nudged: () => nudged }
}

describe('kill switch on a busy database', () => {
  it('signals agents and kills action containers while the write lock is held, then latches when it is free', async () => {
    const op = createOperatorEnv()
    const store = op.store()
    const engine = await testEngine()
    const load = await createKillLoad(store, engine, { containers: 1, proposals: 3 })
    onTestFinished(() => load.cleanup())
    const agent = fakeAgent()
    store.registerAgent({ id: 'agent-fake', pid: agent.pid, subject: 'etcd', runId: load.runId })
    await waitFor('the sandbox container runs', async () => (await load.liveContainers()) === 1, 30_000)

    const holder = new Database(join(op.home, 'operator.db'))
    holder.exec('BEGIN IMMEDIATE')
    let held = true
    const release = () => {
      if (held) holder.exec('COMMIT')
      held = false
    }
    onTestFinished(() => {
      release()
      holder.close()
    })
    const kill = execa(process.execPath, [CLI, 'kill', '--json', '--wait', '0'], {
      env: op.env,
      reject: false,
      stdin: 'ignore',
    })
    await waitFor('the agent nudged while the lock is held', () => agent.nudged(), 8000)
    await waitFor('the action container killed while the lock is held', async () => (await load.liveContainers()) === 0)
    expect(kill.exitCode).toBeNull()
    expect(store.modes().kill_latched).toBe(false)
    await new Promise((r) => setTimeout(r, 1500))
    release()

    const r = await kill
    expect(r.exitCode).toBe(0)
    expect(String(r.stderr)).toMatch(/database busy/)
    expect(String(r.stderr)).not.toMatch(/corrupt|move it aside/)
    const report = JSON.parse(String(r.stdout)) as Record<string, unknown>
    expect(report).toMatchObject({ proposals_cancelled: 3, agents_signalled: 1, containers_killed: 1 })
    expect(report.latch_attempts).toBeGreaterThan(1)
    expect(store.modes()).toMatchObject({ safety: 'observe', kill_latched: true })
  })
})
