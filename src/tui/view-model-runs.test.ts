import { describe, expect, it } from 'vitest'
import { etcdClusterTable } from '../../subjects/etcd/cluster-table.js'
import { etcdSubject } from '../../subjects/etcd/index.js'
import { RECORDED, SNAPSHOT } from '../../test/fixtures/tui-events.js'
import { MULTI_RUN, MULTI_RUN_SNAPSHOT, R1, R2, R3, RUNS, runLine } from '../../test/fixtures/tui-runs.js'
import { runsInput } from './panels/runs.js'
import { RunView, runGlance, runLabels, ViewModel } from './view-model.js'

function emptyViewModel(): ViewModel {
  return new ViewModel({ invariants: etcdSubject.invariants, clusterTable: etcdClusterTable })
}

/** The three-run story fed as the demo feeds it: runs named first, then the lines, then the snapshot. */
function multiRunViewModel(): ViewModel {
  const vm = emptyViewModel()
  vm.setRuns(RUNS)
  for (const line of MULTI_RUN) vm.ingestLine(line.source, line.stream, line.text, line.at)
  vm.applySnapshot(MULTI_RUN_SNAPSHOT)
  return vm
}

const texts = (run: RunView | undefined, log: 'monitorLog' | 'agentLog') => run?.[log].toArray().map((l) => l.text)

describe('the view model with several runs', () => {
  it('keeps one run, of no id, for a single-run demo: its lines naming a run_id change nothing', () => {
    const vm = emptyViewModel()
    for (const line of RECORDED) vm.ingestLine(line.source, line.stream, line.text, line.at)
    vm.applySnapshot(SNAPSHOT)
    expect(vm.runs).toHaveLength(1)
    expect(vm.run.id).toBeNull()
    expect(vm.tickets).toHaveLength(SNAPSHOT.tickets.length)
    const awaiting = SNAPSHOT.proposals.filter((p) => p.status === 'awaiting_approval').map((p) => p.id)
    expect(vm.pending.map((p) => p.id)).toEqual(awaiting)
    expect(runsInput(vm)).toBeNull()
  })

  it('routes each run’s observations, log lines, tickets and proposals to that run by run_id', () => {
    const vm = multiRunViewModel()
    const [one, two, three] = vm.runs
    expect(vm.runs.map((r) => r.id)).toEqual([...RUNS])
    expect(one?.health).toBe('healthy')
    expect(two?.violations).toEqual(['members_healthy:m2'])
    expect(texts(two, 'monitorLog')).toContain('OPEN T-7 members_healthy:m2 (critical) m2 is down: 14 UNAVAILABLE')
    expect(texts(one, 'monitorLog')?.some((t) => t.includes('T-7'))).toBe(false)
    expect(texts(two, 'agentLog')).toEqual(['agent started', 'T-7 claimed members_healthy:m2'])
    expect(one?.tickets.map((t) => t.id)).toEqual(['T-5'])
    expect(two?.tickets.map((t) => t.id)).toEqual(['T-7', 'T-8'])
    expect(two?.pending.map((p) => p.id)).toEqual(['P-7'])
    expect(one?.pending).toEqual([])
    expect(three?.ended).toBe(true)
  })

  it('gives the workload’s samples, which name no run, to the first run only', () => {
    const vm = multiRunViewModel()
    expect(vm.runs.map((r) => r.samples.length)).toEqual([5, 0, 0])
  })

  it('shows lines that name no run (the fleet’s own, the agent starting) in every run’s log', () => {
    const vm = multiRunViewModel()
    for (const run of vm.runs) expect(texts(run, 'monitorLog')?.[0]).toBe(`monitor: ${RUNS.join(', ')}`)
    vm.ingestLine('agent', 'stderr', 'Error: boom', 9)
    expect(vm.runs.map((r) => texts(r, 'agentLog')?.at(-1))).toEqual(Array(3).fill('agent: Error: boom'))
  })

  it('switches the panels between runs with cycleRun, wrapping around, back to following the newest lines', () => {
    const vm = multiRunViewModel()
    vm.scroll.monitor = 4
    expect(vm.run.id).toBe(R1)
    vm.cycleRun(1)
    expect(vm.run.id).toBe(R2)
    expect(vm.pending.map((p) => p.id)).toEqual(['P-7'])
    expect(vm.cluster?.rows.find((r) => r.cells[0] === 'm2')?.tone).toBe('bad')
    expect(vm.scroll.monitor).toBe(0)
    vm.cycleRun(1)
    vm.cycleRun(1)
    expect(vm.run.id).toBe(R1)
    vm.cycleRun(-1)
    expect(vm.run.id).toBe(R3)
  })

  it('says so when there is only one run to show', () => {
    const vm = emptyViewModel()
    vm.cycleRun(1)
    expect(vm.flash?.text).toMatch(/one run/)
  })

  it('learns the runs from the fleet’s run.joined lines when nobody named them (a replay)', () => {
    const vm = emptyViewModel()
    for (const line of MULTI_RUN) vm.ingestLine(line.source, line.stream, line.text, line.at)
    expect(vm.runs.map((r) => r.id)).toEqual([...RUNS])
    // What arrived before the first run was named belongs to the first run.
    expect(texts(vm.runs[0], 'monitorLog')?.[0]).toBe(`monitor: ${RUNS.join(', ')}`)
    vm.reset()
    expect(vm.runs.map((r) => [r.id, r.monitorLog.length])).toEqual(RUNS.map((r) => [r, 0]))
  })

  it('takes a run back up when the fleet says it joined again', () => {
    const vm = multiRunViewModel()
    const back = runLine('monitor', 1, R3, { event: 'run.joined' }, `${R3}: joined`)
    vm.ingestLine(back.source, back.stream, back.text, back.at)
    expect(vm.runs[2]?.ended).toBe(false)
  })
})

describe('a run at a glance', () => {
  it('says ok, its open tickets, degraded, down, or … before the first look', () => {
    const vm = multiRunViewModel()
    expect(vm.runs.map((r) => runGlance(r))).toEqual([
      { text: 'ok', tone: 'good' },
      { text: '2 tickets', tone: 'warn' },
      { text: 'down', tone: 'quiet' },
    ])
    const fresh = new RunView('r', { logs: 10, samples: 10 })
    expect(runGlance(fresh).text).toBe('…')
    fresh.observe(null, ['leader_exists'], 1)
    expect(runGlance(fresh)).toEqual({ text: 'degraded', tone: 'bad' })
  })

  it('names runs by what follows their shared prefix, numbers marked with #', () => {
    expect(runLabels([...RUNS])).toEqual({ prefix: 'etcd-142233', labels: ['#1', '#2', '#3'] })
    expect(runLabels(['a1', 'a2'])).toEqual({ prefix: '', labels: ['a1', 'a2'] })
    expect(runLabels(['east.a', 'east.b'])).toEqual({ prefix: 'east', labels: ['a', 'b'] })
    expect(runLabels(['x-1', 'x-1-b'])).toEqual({ prefix: 'x', labels: ['#1', '1-b'] })
    expect(runLabels(['x', 'x-1'])).toEqual({ prefix: '', labels: ['x', 'x-1'] })
  })

  it('gives the status line every run, the selected one marked', () => {
    const vm = multiRunViewModel()
    vm.cycleRun(1)
    expect(runsInput(vm)).toEqual({
      prefix: 'etcd-142233',
      runs: [
        { label: '#1', text: 'ok', tone: 'good', selected: false },
        { label: '#2', text: '2 tickets', tone: 'warn', selected: true },
        { label: '#3', text: 'down', tone: 'quiet', selected: false },
      ],
    })
  })
})
