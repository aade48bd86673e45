/**
 * `operator demo --clusters N`: several clusters under one monitor and one
 * agent. A fault on one run is repaired while the other stays healthy, and
 * every cluster and child is stopped at the end.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { describe, expect, it, onTestFinished } from 'vitest'
import type { DemoReport } from '../../src/supervisor/headless.js'
import { CLI, createOperatorEnv, waitFor } from '../fixtures/operator-env.js'
import { alive, memberPids, processesOfHome } from '../fixtures/processes.js'

describe('operator demo --clusters', () => {
  it('refuses a number of clusters out of range in one line, before starting anything', async () => {
    const op = createOperatorEnv()
    const r = await execa(process.execPath, [CLI, 'demo', '--headless', '--clusters', '9'], {
      env: op.env,
      reject: false,
      stdin: 'ignore',
    })
    expect(r.exitCode).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/--clusters: must be at most 8/)
  })

  it('repairs a fault on one run under one monitor and one agent, the other run stays healthy, and stops both', async () => {
    const op = createOperatorEnv()
    // Should the demo fail halfway, no cluster of it outlives the test.
    onTestFinished(async () => {
      for (const run of readdirSync(join(op.home, 'runs'))) await op.cli(['cluster', 'down', '--run', run])
    })
    const demo = execa(
      process.execPath,
      [CLI, 'demo', '--headless', '--clusters', '2', '--interval', '300', '--json'],
      {
        env: op.env,
        reject: false,
        timeout: 170_000,
      },
    )
    const r = await demo
    expect(r.exitCode, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout) as DemoReport
    expect(report.repaired).toBe(true)
    const [faulted, other] = report.runs
    expect(report.runs).toHaveLength(2)
    expect(faulted).toMatchObject({ run_id: report.run_id, faulted: true, healthy: true })
    expect(faulted?.tickets.map((t) => t.key)).toContain('members_healthy:m1')
    expect(faulted?.tickets.every((t) => t.status === 'resolved')).toBe(true)
    expect(other).toMatchObject({ faulted: false, healthy: true, tickets: [] })
    expect(other?.run_id).not.toBe(report.run_id)

    // One monitor and one agent watched both runs: every ticket is on the faulted run, none on the other.
    const store = op.store()
    expect(store.tickets({ runId: other?.run_id ?? '' })).toEqual([])
    const faults = store.events({ types: ['fault.injected'] })
    expect(faults.map((e) => e.run_id)).toEqual([report.run_id])

    // Everything stopped: six members of two runs, the children, nothing else of this home.
    const pids = memberPids(op.home)
    expect(pids).toHaveLength(6)
    expect(pids.filter(alive)).toEqual([])
    expect(processesOfHome(op.home)).toEqual([])
  })

  it('takes every cluster down when it receives SIGTERM while supervising', async () => {
    const op = createOperatorEnv()
    onTestFinished(async () => {
      for (const run of readdirSync(join(op.home, 'runs'))) await op.cli(['cluster', 'down', '--run', run])
    })
    const args = ['demo', '--headless', '--clusters', '2', '--fault', 'none', '--interval', '300']
    const demo = execa(process.execPath, [CLI, ...args], { env: op.env, reject: false, buffer: false })
    let output = ''
    demo.stdout?.on('data', (c: Buffer) => {
      output += c.toString()
    })
    await waitFor('both runs joined by the agent', () => (output.match(/agent +\S+ run\.joined/g) ?? []).length === 2)
    expect(processesOfHome(op.home).length).toBeGreaterThanOrEqual(6 + 3)
    demo.kill('SIGTERM')
    await demo
    expect(output).toMatch(/cluster \S+-1, \S+-2 down/)
    expect(memberPids(op.home)).toHaveLength(6)
    expect(memberPids(op.home).filter(alive)).toEqual([])
    expect(processesOfHome(op.home)).toEqual([])
  })
})
