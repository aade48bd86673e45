/**
 * One monitor and one agent on three real single-member etcd runs
 * (`--runs all`): a crash in one run is repaired while the others stay
 * quiet; a run with its own manual approval waits for a person; the kill
 * switch on that run cancels its plan and latches it alone, and the other
 * runs are still repaired; a run taken down is let go without a ticket.
 * Nothing is left running.
 */
import { describe, expect, it } from 'vitest'
import { createOperatorEnv, type OperatorEnv, waitFor } from '../fixtures/operator-env.js'
import { alive, processesUnder } from '../fixtures/processes.js'

const RUNS = ['r1', 'r2', 'r3']

async function memberPid(op: OperatorEnv, run: string): Promise<number> {
  const status = await op.cliJson<{ members: { pid: number | null }[] }>(['cluster', 'status', '--run', run])
  const pid = status.members[0]?.pid
  if (!pid) throw new Error(`run ${run} has no live member`)
  return pid
}

const crash = async (op: OperatorEnv, run: string) => process.kill(await memberPid(op, run), 'SIGKILL')

describe('many runs under one monitor and one agent', () => {
  it('repairs each run on its own, keeps a run’s own modes and kill switch to that run, lets a downed run go', async () => {
    const op = createOperatorEnv()
    const up = await Promise.all(RUNS.map((name) => op.cli(['cluster', 'up', '--members', '1', '--name', name])))
    expect(up.map((r) => r.exitCode)).toEqual([0, 0, 0])
    const started = await Promise.all(RUNS.map((run) => memberPid(op, run)))
    const monitor = op.spawn('monitor', ['monitor', '--runs', 'all', '--interval', '250'])
    const agent = op.spawn('agent', ['agent', '--runs', 'all', '--settle', '300'], {
      OPERATOR_SAFETY_MODE: 'execute',
      OPERATOR_APPROVAL_MODE: 'auto',
    })
    try {
      const store = op.store()
      const ticketsOf = (run: string) => store.tickets().filter((t) => t.run_id === run)
      await waitFor('every run joined the monitor and the agent', () =>
        RUNS.every(
          (run) =>
            monitor.events().some((e) => e.event === 'monitor.started' && e.run_id === run) &&
            agent.events().some((e) => e.event === 'agent.started' && e.run_id === run),
        ),
      )
      // r2 asks a person for every plan; the others stay on auto.
      expect((await op.cli(['mode', '--run', 'r2', '--approval', 'manual', '--as', 'alice'])).exitCode).toBe(0)

      await crash(op, 'r1')
      await waitFor('r1 repaired', () => ticketsOf('r1').some((t) => t.status === 'resolved'), 60_000)
      expect(ticketsOf('r2')).toEqual([])
      expect(ticketsOf('r3')).toEqual([])

      await crash(op, 'r2')
      const pending = await waitFor('r2’s restart waits for a person', () =>
        store.proposals({ status: ['awaiting_approval'] }).find((p) => store.proposalRun(p.id) === 'r2'),
      )
      const killed = await op.cliJson<Record<string, unknown>>(['kill', '--run', 'r2'])
      expect(killed).toMatchObject({ proposals_cancelled: 1, safety_mode: 'observe' })
      expect(store.proposal(pending.id).status).toBe('cancelled')
      expect(store.modes('r2')).toMatchObject({ safety: 'observe', kill_latched: true })
      expect(store.modes()).toMatchObject({ safety: 'execute', kill_latched: false })

      // The other runs go on: r3 crashes after the kill switch on r2 and is repaired.
      await crash(op, 'r3')
      await waitFor('r3 repaired', () => ticketsOf('r3').some((t) => t.status === 'resolved'), 60_000)
      expect(store.events({ types: ['proposal.executing'] }).filter((e) => e.run_id === 'r2')).toEqual([])
      // Listed among several runs' tickets, a ticket says whose it is.
      expect((await op.cli(['tickets'])).stdout).toMatch(/T-\d+ +resolved +critical +r1 members_healthy:m1/)

      // Taken down, r3 is let go: the shutdown opens no ticket.
      const before = ticketsOf('r3').length
      expect((await op.cli(['cluster', 'down', '--run', 'r3'])).exitCode).toBe(0)
      await waitFor('r3 let go', () => monitor.events().some((e) => e.event === 'run.ended' && e.run_id === 'r3'))
      expect(ticketsOf('r3')).toHaveLength(before)
    } finally {
      await Promise.all([monitor.stop(), agent.stop()])
      for (const run of RUNS) await op.cli(['cluster', 'down', '--run', run])
    }
    await waitFor('every member gone', () => started.every((pid) => !alive(pid)), 10_000)
    expect(processesUnder(op.home)).toEqual([])
  })
})
