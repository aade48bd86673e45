/**
 * `operator workload` against a real three-member etcd cluster: samples of
 * real puts/gets arrive as NDJSON, the load survives a member being killed,
 * and the process stops cleanly on SIGTERM. Without a cluster it fails in one
 * line and writes nothing.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createOperatorEnv, type OperatorChild, waitFor } from '../fixtures/operator-env.js'

interface Sample {
  event: 'workload.sample'
  ops_per_s: number
  p50_ms: number
  p99_ms: number
  max_ms: number
  errors: number
  error_kinds: Record<string, number>
  msg: string
}

function samples(child: OperatorChild): Sample[] {
  return child.events().filter((e): e is Record<string, unknown> & Sample => e.event === 'workload.sample')
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('operator workload on real etcd', () => {
  it('reports samples of real load, keeps reporting after a follower is killed, and exits 0 on SIGTERM', async () => {
    const op = createOperatorEnv()
    await op.clusterUp()
    const workload = op.spawn('workload', ['workload', '--sample-ms', '500'])

    const first = await waitFor(
      'three samples with load',
      () => {
        const s = samples(workload)
        return s.length >= 3 ? s : undefined
      },
      30_000,
    )
    const loaded = first.slice(1)
    for (const s of loaded) {
      expect(s.ops_per_s, workload.lines.join('\n')).toBeGreaterThan(0)
      expect(s.p99_ms).toBeGreaterThan(0)
      expect(s.p50_ms).toBeLessThanOrEqual(s.p99_ms)
      expect(s.p99_ms).toBeLessThanOrEqual(s.max_ms)
      expect(s.msg).toMatch(/^\d+ ops\/s p99 \d+\.\d ms \d+ errors?/)
    }

    const fault = await op.cli(['fault', 'kill_member', '--target', 'follower'])
    expect(fault.exitCode, fault.stderr).toBe(0)
    const before = samples(workload).length
    const after = await waitFor(
      'samples after the kill, with load again',
      () => {
        const s = samples(workload).slice(before)
        const last = s.slice(-2)
        return s.length >= 6 && last.every((x) => x.ops_per_s > 0) ? s : undefined
      },
      30_000,
    )
    expect(after.every((s) => Object.values(s.error_kinds).reduce((a, b) => a + b, 0) === s.errors)).toBe(true)
    expect(alive(workload.pid)).toBe(true)

    await workload.stop('SIGTERM')
    expect(await workload.exited).toBe(0)
    expect(workload.events().some((e) => e.event === 'workload.stopped')).toBe(true)
    expect(workload.lines.filter((l) => l.startsWith('[stderr]'))).toEqual([])
    expect(alive(workload.pid)).toBe(false)
  })

  it('says there is no cluster in one line, exits 6 and writes nothing', async () => {
    const op = createOperatorEnv()
    const r = await op.cli(['workload'])
    expect(r.exitCode).toBe(6)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/no current etcd run.*operator cluster up/)
    expect(r.stdout).toBe('')
    expect(existsSync(join(op.home, 'operator.db'))).toBe(false)
    expect(existsSync(join(op.home, 'runs'))).toBe(false)
  })
})
