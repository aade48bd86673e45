import { describe, expect, it, onTestFinished } from 'vitest'
import { etcdClusterTable } from '../../subjects/etcd/cluster-table.js'
import { etcdSubject } from '../../subjects/etcd/index.js'
import { boxText, COLOR, cellStyle, createFakeTty, screenText } from '../../test/fixtures/fake-tty.js'
import { MULTI_RUN, MULTI_RUN_SNAPSHOT, R1, R2, RUNS } from '../../test/fixtures/tui-runs.js'
import { handleKey } from './keys.js'
import { createScreen, type OperatorScreen } from './screen.js'
import { ViewModel } from './view-model.js'

const FAULTS = [{ name: 'kill_member', targeted: true }]

/** `demo --clusters 3`: the runs named, the story ingested, the children running. */
function multiRunViewModel(): ViewModel {
  const vm = new ViewModel({ invariants: etcdSubject.invariants, clusterTable: etcdClusterTable })
  vm.setRuns(RUNS)
  for (const line of MULTI_RUN) vm.ingestLine(line.source, line.stream, line.text, line.at)
  vm.applySnapshot(MULTI_RUN_SNAPSHOT)
  for (const name of ['monitor', 'agent', 'workload'] as const)
    vm.setChild({ name, status: 'running', pid: 41000, exit_code: null, last_stderr: [], restarts: 0 })
  return vm
}

function openScreen(cols = 120, rows = 40): { ui: OperatorScreen; text: () => string[] } {
  const tty = createFakeTty(cols, rows)
  const ui = createScreen({ input: tty.input, output: tty.output, subjectName: 'etcd' })
  onTestFinished(() => ui.destroy())
  return { ui, text: () => screenText(ui.screen) }
}

function show(vm: ViewModel, cols = 120, rows = 40): string[] {
  const { ui, text } = openScreen(cols, rows)
  ui.render(vm)
  return text()
}

describe('the screen with several runs', () => {
  it('shows every run’s state at a glance in the status line, the one shown marked, and the run key', () => {
    const rows = show(multiRunViewModel())
    expect(rows.at(-2)).toMatch(
      /^observe │ manual │ kill ready │ etcd-142233 ▸#1 ok · #2 2 tickets · #3 down │ monitor ● │ agent ● │ workload ●/,
    )
    expect(rows.at(-1)).toContain('f fault  K kill  [ ] run  tab focus')
  })

  it('colours each run’s state: tickets yellow, down grey, the selected run bold', () => {
    const vm = multiRunViewModel()
    const { ui, text } = openScreen()
    ui.render(vm)
    const status = text().at(-2) ?? ''
    const y = 38
    expect(cellStyle(ui.screen, status.indexOf('2 tickets'), y).fg).toBe(COLOR.yellow)
    expect(cellStyle(ui.screen, status.indexOf('down'), y).fg).toBe(COLOR.grey)
    expect(cellStyle(ui.screen, status.indexOf('ok'), y).fg).toBe(COLOR.green)
    expect(cellStyle(ui.screen, status.indexOf('#1'), y).bold).toBe(true)
  })

  it('switches every panel to the next run with ] and back with [', () => {
    const vm = multiRunViewModel()
    const { ui, text } = openScreen()
    ui.render(vm)
    expect(text().join('\n')).toContain(`Cluster etcd ${R1} · healthy`)
    expect(boxText(text(), 'Proposals').join('\n')).not.toContain('P-7')
    handleKey(vm, { name: ']', ch: ']' }, FAULTS)
    ui.render(vm)
    const rows = text()
    expect(rows.join('\n')).toContain(`Cluster etcd ${R2} · repairing`)
    expect(boxText(rows, 'Cluster').join('\n')).toMatch(/m2\s+-\s+dead/)
    expect(boxText(rows, 'Monitor').join('\n')).toContain('OPEN T-7 members_healthy:m2')
    expect(boxText(rows, 'Proposals').join('\n')).toContain('P-7')
    expect(boxText(rows, 'Workload').join('\n')).toContain(`no workload on this run: it drives ${R1}`)
    expect(rows.at(-2)).toContain('etcd-142233 #1 ok · ▸#2 2 tickets · #3 down')
    handleKey(vm, { name: '[', ch: '[' }, FAULTS)
    ui.render(vm)
    expect(text().join('\n')).toContain(`Cluster etcd ${R1} · healthy`)
  })

  it('sends a fault from the menu to the run the panels show', () => {
    const vm = multiRunViewModel()
    handleKey(vm, { name: ']', ch: ']' }, FAULTS)
    handleKey(vm, { name: 'f', ch: 'f' }, FAULTS)
    expect(handleKey(vm, { name: 'enter', ch: '\r' }, FAULTS)).toEqual({
      kind: 'fault',
      fault: 'kill_member',
      target: 'm1',
      run: R2,
    })
  })

  it('says the fault menu of an attached run that refuses faults is closed, and why', () => {
    const vm = multiRunViewModel()
    const refusal = (run: string | null) => (run === R2 ? `faults are refused on run ${run}: it is attached` : null)
    handleKey(vm, { name: ']', ch: ']' }, FAULTS, refusal)
    expect(handleKey(vm, { name: 'f', ch: 'f' }, FAULTS, refusal)).toBeNull()
    expect(vm.overlay).toMatchObject({
      kind: 'message',
      lines: [expect.stringMatching(/refused on run etcd-142233-2/), expect.any(String)],
    })
    expect(show(vm).join('\n')).toMatch(/faults are refused on run etcd-142233-2/)
  })

  it('narrows the run list on a narrow terminal: first without the shared prefix, then without the words', () => {
    const vm = multiRunViewModel()
    expect(show(vm, 100, 30).at(-2)).toContain('kill ready │ ▸#1 ok · #2 2 tickets · #3 down │ monitor ●')
    expect(show(vm, 80, 30).at(-2)).toContain('kill ready │ ▸#1 #2 #3 │ monitor ●')
  })

  it('lists the run key in the help', () => {
    const vm = multiRunViewModel()
    handleKey(vm, { name: '?', ch: '?' }, FAULTS)
    expect(show(vm).join('\n')).toMatch(/\[ \]\s+show the previous \/ next run in the panels/)
  })
})
