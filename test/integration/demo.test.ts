/**
 * `operator demo`, the README's main command, on a real cluster: it repairs
 * the fault it injects and leaves nothing running — also when it is stopped
 * by a signal halfway.
 */
import { readFileSync } from 'node:fs'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { containersLabelled } from '../fixtures/docker.js'
import { CLI, createOperatorEnv, waitFor } from '../fixtures/operator-env.js'
import { alive, memberPids } from '../fixtures/processes.js'

describe('operator demo', () => {
  it('says it needs a terminal when there is none, and suggests --headless', async () => {
    const op = createOperatorEnv()
    const r = await execa(process.execPath, [CLI, 'demo'], { env: op.env, reject: false, stdin: 'ignore' })
    expect(r.exitCode).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/needs a terminal.*--headless/)
  })

  it('kills the leader, shows the repair and stops every process it started', async () => {
    const op = createOperatorEnv()
    const r = await execa(process.execPath, [CLI, 'demo', '--headless', '--interval', '300', '--json'], {
      env: op.env,
      reject: false,
      timeout: 170_000,
    })
    expect(r.exitCode, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout) as {
      repaired: boolean
      tickets: { key: string; status: string }[]
      time_to_detect_ms: number
      time_to_repair_ms: number
    }
    expect(report.repaired).toBe(true)
    expect(report.tickets.map((t) => t.key)).toContain('members_healthy:m1')
    expect(report.tickets.every((t) => t.status === 'resolved')).toBe(true)
    expect(report.time_to_repair_ms).toBeGreaterThanOrEqual(report.time_to_detect_ms)
    const pids = memberPids(op.home)
    expect(pids).toHaveLength(3)
    expect(pids.filter(alive)).toEqual([])
  })

  it('runs on the docker runtime: a killed follower container is repaired, and every container of the run is removed', async () => {
    const op = createOperatorEnv()
    const r = await execa(
      process.execPath,
      [
        CLI,
        'demo',
        '--headless',
        '--runtime',
        'docker',
        '--fault',
        'kill_member',
        '--target',
        'follower',
        '--interval',
        '300',
        '--json',
      ],
      { env: op.env, reject: false, timeout: 170_000 },
    )
    expect(r.exitCode, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout) as {
      repaired: boolean
      targets: string[]
      tickets: { key: string; status: string }[]
    }
    expect(report.repaired).toBe(true)
    expect(report.tickets.map((t) => t.key)).toContain(`members_healthy:${report.targets[0]}`)
    const runs = JSON.parse((await op.cli(['runs', 'list', '--json'])).stdout) as {
      runs: { id: string; meta: { cluster?: { runtime?: string } } }[]
    }
    const run = runs.runs[0]
    expect(run?.meta.cluster?.runtime).toBe('docker')
    expect(await containersLabelled({ 'operator.run': run?.id ?? '' })).toEqual([])
  })

  it('stops its children and the cluster when it receives SIGTERM halfway', async () => {
    const op = createOperatorEnv()
    const demo = execa(process.execPath, [CLI, 'demo', '--headless', '--interval', '300'], {
      env: op.env,
      reject: false,
      buffer: false,
    })
    let output = ''
    demo.stdout?.on('data', (c: Buffer) => {
      output += c.toString()
    })
    await waitFor('the demo’s agent started', () => output.includes('agent started'), 60_000)
    const children = readFileSync(`/proc/${demo.pid}/task/${demo.pid}/children`, 'utf8').trim().split(/\s+/).map(Number)
    expect(children.length).toBeGreaterThanOrEqual(2)
    demo.kill('SIGTERM')
    const result = await demo
    expect(result.exitCode).not.toBe(0)
    expect(children.filter(alive)).toEqual([])
    expect(memberPids(op.home).filter(alive)).toEqual([])
  })

  it('has its children stop by themselves when the demo itself is SIGKILLed', async () => {
    const op = createOperatorEnv()
    const demo = execa(process.execPath, [CLI, 'demo', '--headless', '--fault', 'none', '--interval', '300'], {
      env: op.env,
      reject: false,
      buffer: false,
    })
    let output = ''
    demo.stdout?.on('data', (c: Buffer) => {
      output += c.toString()
    })
    await waitFor('the demo’s agent started', () => output.includes('agent started'), 60_000)
    const children = readFileSync(`/proc/${demo.pid}/task/${demo.pid}/children`, 'utf8').trim().split(/\s+/).map(Number)
    const operatorChildren = children.filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('main.js'))
    expect(operatorChildren).toHaveLength(3)
    demo.kill('SIGKILL')
    await demo
    await waitFor('the orphaned children to stop', () => operatorChildren.every((pid) => !alive(pid)), 15_000)
    // Members are detached by design (they outlive the command that started them): cluster down stops them.
    const down = await op.cli(['cluster', 'down'])
    expect(down.exitCode, down.stderr).toBe(0)
    expect(memberPids(op.home).filter(alive)).toEqual([])
  })
})
