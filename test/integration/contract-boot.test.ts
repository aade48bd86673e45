/**
 * `operator boot` and `operator handoff` with the built CLI against one real
 * cluster: the boot shows the cluster's status and parses by its schema; a
 * handoff shows up as the last handoff of the next boot; a handoff bound to
 * a boot taken before a mode change is recorded with drift.
 */
import { describe, expect, it } from 'vitest'
import { Boot } from '../../src/contract/boot.js'
import { HandoffResult } from '../../src/contract/handoff.js'
import { createOperatorEnv } from '../fixtures/operator-env.js'

describe('operator boot and handoff on a live cluster', () => {
  it('boots with the cluster status, hands off, and records drift after a mode change', async () => {
    const op = createOperatorEnv()

    const before = Boot.parse(await op.cliJson(['boot']))
    expect(before.cluster).toMatchObject({ state: 'down', ok: false })
    expect(before.cluster.summary).toContain('no cluster is up')

    const up = await op.clusterUp()
    const booted = Boot.parse(await op.cliJson(['boot']))
    expect(booted.cluster).toMatchObject({ state: 'up', ok: true })
    expect(booted.cluster.summary).toContain(`run ${up.run_id}`)
    expect(booted.cluster.summary).toMatch(/leader=m\d/)
    expect(booted.cluster.members.map((m) => m.state)).toEqual(['running', 'running', 'running'])
    expect(booted.checks.every((c) => c.ok)).toBe(true)
    expect(booted.last_handoff).toBeNull()

    const args = ['handoff', '--summary', 'cluster healthy, nothing to do', '--task', 'watch m2', '--as', 'agent-x']
    const first = HandoffResult.parse(await op.cliJson([...args, '--digest', booted.state_digest]))
    expect(first.handoff).toMatchObject({ handoff_id: 'H-1', by: 'agent-x', drift: false, tasks: ['watch m2'] })
    expect(first.warnings).toEqual([])

    const next = Boot.parse(await op.cliJson(['boot']))
    expect(next.last_handoff).toMatchObject({ handoff_id: 'H-1', summary: 'cluster healthy, nothing to do' })
    expect(next.state_digest).toBe(first.next_digest)
    const text = await op.cli(['boot'])
    expect(text.stdout).toContain('last handoff  H-1 by agent-x')

    expect((await op.cli(['mode', 'execute'])).exitCode).toBe(0)
    const stale = await op.cli(['handoff', '--summary', 'late', '--digest', next.state_digest, '--as', 'agent-x'])
    expect(stale.exitCode).toBe(0)
    expect(stale.stdout).toContain('DRIFT')
    const drifted = Boot.parse(await op.cliJson(['boot'])).last_handoff
    expect(drifted).toMatchObject({ handoff_id: 'H-2', digest: next.state_digest, drift: true })
    expect(drifted?.digest_now).not.toBe(next.state_digest)
  })
})
