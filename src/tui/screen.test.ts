import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { etcdClusterTable } from '../../subjects/etcd/cluster-table.js'
import { etcdSubject } from '../../subjects/etcd/index.js'
import { T0 } from '../../test/fixtures/etcd-observation.js'
import { boxText, COLOR, cellStyle, createFakeTty, screenText } from '../../test/fixtures/fake-tty.js'
import { brainLines, LLM_MODEL, pinoLine, RECORDED, SNAPSHOT } from '../../test/fixtures/tui-events.js'
import type { Narration } from '../core/narration.js'
import { handleKey } from './keys.js'
import { createScreen, type OperatorScreen } from './screen.js'
import { ViewModel } from './view-model.js'

function emptyViewModel(): ViewModel {
  return new ViewModel({ invariants: etcdSubject.invariants, clusterTable: etcdClusterTable })
}

/** A view model fed with the recorded story and the matching database snapshot. */
function recordedViewModel(): ViewModel {
  const vm = emptyViewModel()
  for (const line of RECORDED) vm.ingestLine(line.source, line.stream, line.text, line.at)
  vm.applySnapshot(SNAPSHOT)
  for (const name of ['monitor', 'agent', 'workload'] as const)
    vm.setChild({ name, status: 'running', pid: 41000, exit_code: null, last_stderr: [], restarts: 0 })
  return vm
}

function createNarration(overrides: Partial<Narration> = {}): Narration {
  return {
    title: 'Leader loss',
    step: 1,
    of: 2,
    text: 'Kill the leader and watch the agent bring it back',
    detail: 'press space to fire it',
    tone: 'info',
    report: null,
    ...overrides,
  }
}

function openScreen(
  cols = 120,
  rows = 40,
): { ui: OperatorScreen; text: () => string[]; tty: ReturnType<typeof createFakeTty> } {
  const tty = createFakeTty(cols, rows)
  const ui = createScreen({ input: tty.input, output: tty.output, subjectName: 'etcd' })
  onTestFinished(() => ui.destroy())
  return { ui, tty, text: () => screenText(ui.screen) }
}

/** Renders `vm` and returns the screen's rows. */
function show(vm: ViewModel, cols = 120, rows = 40): string[] {
  const { ui, text } = openScreen(cols, rows)
  ui.render(vm)
  return text()
}

const joined = (rows: string[]) => rows.join('\n')

/** A panel's text as one line: wrapped rows joined, runs of spaces collapsed. */
const flowed = (rows: string[]) =>
  rows
    .map((r) => r.trim())
    .join(' ')
    .replace(/\s+/g, ' ')

describe('the five-panel screen', () => {
  it('shows every member with its role and state in the Cluster panel', () => {
    const vm = emptyViewModel()
    for (const line of RECORDED.slice(0, 40)) vm.ingestLine(line.source, line.stream, line.text, line.at)
    const rows = show(vm)
    expect(joined(rows)).toMatch(/Cluster etcd · degraded/)
    const screen = joined(boxText(rows, 'Cluster'))
    expect(screen).toMatch(/member\s+role\s+state\s+term/)
    expect(screen).toMatch(/m1\s+leader\*\s+healthy\s+2\s+1412\/1412/)
    expect(screen).toMatch(/m2\s+-\s+dead/)
    expect(screen).toMatch(/m3\s+follower\s+healthy/)
    expect(screen).toContain('leader m1 (preferred m1)')
  })

  it('colours member rows by their tone and the Cluster border by the cluster’s health', () => {
    const vm = emptyViewModel()
    for (const line of RECORDED.slice(0, 40)) vm.ingestLine(line.source, line.stream, line.text, line.at)
    const { ui, text } = openScreen()
    ui.render(vm)
    const rows = text()
    const at = (pattern: RegExp) => {
      const y = rows.findIndex((r) => pattern.test(r))
      return { x: rows[y]?.search(pattern) ?? -1, y }
    }
    const dead = at(/m2\s+-\s+dead/)
    const healthy = at(/m1\s+leader\*/)
    expect(cellStyle(ui.screen, dead.x, dead.y).fg).toBe(COLOR.red)
    expect(cellStyle(ui.screen, healthy.x, healthy.y).fg).toBe(COLOR.green)
    expect(cellStyle(ui.screen, 0, 0).fg).toBe(COLOR.red)
    vm.ingestLine(
      'monitor',
      'stdout',
      RECORDED.find((l) => l.text.includes('"violations":[]'))?.text ?? '',
      T0 + 60_000,
    )
    ui.render(vm)
    expect(text()[0]).toContain('Cluster etcd · healthy')
    expect(cellStyle(ui.screen, 0, 0).fg).toBe(COLOR.green)
  })

  it('marks each invariant passing or failing', () => {
    const vm = emptyViewModel()
    for (const line of RECORDED.slice(0, 40)) vm.ingestLine(line.source, line.stream, line.text, line.at)
    const screen = joined(boxText(show(vm), 'Cluster'))
    expect(screen).toContain('✔ leader_exists')
    expect(screen).toContain('✘ members_healthy')
    for (const id of etcdSubject.invariants) expect(screen).toMatch(new RegExp(`[✔✘] ${id}`))
  })

  it('lists tickets as they open and resolve in the Monitor panel, under the ticket counts', () => {
    const monitor = boxText(show(recordedViewModel()), 'Monitor')
    expect(monitor[0]).toBe('1 open · 0 prog · 0 esc · 1 done')
    const screen = flowed(monitor)
    expect(screen).toContain('OPEN T-1 members_healthy:m2 (critical) m2 is down: 14 UNAVAILABLE')
    expect(screen).toContain('RESOLVED T-1 members_healthy:m2')
    expect(screen).toContain('OPEN T-2 leader_preferred (warning) leader on m3, preferred m1')
  })

  it('shows the agent’s loop stage by stage in the Agent panel', () => {
    const screen = flowed(boxText(show(recordedViewModel()), 'Agent'))
    for (const stage of ['VALIDATED', 'AWAITING_APPROVAL', 'APPROVED', 'EXECUTING', 'EXECUTED', 'VERIFIED'])
      expect(screen).toContain(stage)
    expect(screen).toContain('(1200 ms)')
    expect(screen).toContain('T-1 verifying: gone for 2000 ms settles it')
    expect(screen).toContain('T-1 RESOLVED: verified after P-1')
    expect(screen).toContain('T-2 P-2 PROPOSED transfer_leader {"target":"m1"}')
  })

  it('shows the start of the agent’s work once the panel is tall enough', () => {
    const screen = flowed(boxText(show(recordedViewModel(), 160, 50), 'Agent'))
    expect(screen).toContain('T-1 claimed members_healthy:m2')
    expect(screen).toContain('T-1 diagnosis: m2 process exited; restart it')
    expect(screen).toContain('T-1 P-1 PROPOSED restart_member {"member":"m2"}')
  })

  it('shows the proposal awaiting approval with its exact params, risk, tier, hash and rationale', () => {
    const rows = show(recordedViewModel())
    expect(joined(rows)).toContain('Proposals · 2 awaiting · 1/2')
    const panel = boxText(rows, 'Proposals')
    const screen = joined(panel)
    expect(screen).toContain('▶ P-2 · T-2 · transfer_leader')
    expect(screen).toContain('  {"target":"m1"}')
    expect(screen).toContain('risk medium · tier 2')
    expect(screen).toContain('sha 9f1c2b7a4d3e')
    expect(flowed(panel)).toContain(
      'leader sits on m3; move it back to the preferred member m1 so that client traffic lands where the operator expects it',
    )
    expect(screen).toContain('P-3 · T-3 · defragment_member')
    expect(screen).toContain('1 executing: P-4 compact_revisions')
  })

  it('highlights the selected proposal as it moves', () => {
    const vm = recordedViewModel()
    vm.moveSelection(1)
    const rows = show(vm)
    const screen = joined(boxText(rows, 'Proposals'))
    expect(screen).toContain('▶ P-3 · T-3 · defragment_member')
    expect(screen).toContain('  P-2 · T-2 · transfer_leader')
    expect(joined(rows)).toContain('Proposals · 2 awaiting · 2/2')
  })

  it('draws the selected proposal highlighted', () => {
    const { ui, text } = openScreen()
    ui.render(recordedViewModel())
    const rows = text()
    const y = rows.findIndex((r) => r.includes('▶ P-2'))
    const x = rows[y]?.indexOf('▶ P-2') ?? -1
    expect(cellStyle(ui.screen, x, y).bg).toBe(COLOR.cyan)
    const other = rows.findIndex((r) => r.includes('  P-3 · T-3'))
    expect(cellStyle(ui.screen, rows[other]?.indexOf('P-3') ?? -1, other).bg).toBe(COLOR.default)
  })

  it('says so when nothing awaits approval', () => {
    const vm = recordedViewModel()
    vm.applySnapshot({ ...SNAPSHOT, proposals: [] })
    const screen = joined(boxText(show(vm), 'Proposals'))
    expect(screen).toContain('nothing awaiting approval')
    expect(screen).toContain('executing: none')
  })

  it('shows the workload’s current values in its label and charts of the last samples', () => {
    const screen = joined(show(recordedViewModel()))
    expect(screen).toMatch(/Workload\s+4\d\d ops\/s · p99 8\.1 ms · 0 err/)
    expect(screen).toContain('p99 latency (ms)')
    expect(screen).toMatch(/[⡀-⣿]/)
  })

  it('renders the workload with no sample and with a single one', () => {
    const vm = emptyViewModel()
    expect(joined(show(vm))).toContain('waiting for workload samples')
    vm.ingestLine(
      'workload',
      'stdout',
      pinoLine(
        'workload',
        T0,
        'info',
        { event: 'workload.sample', ops_per_s: 0, p50_ms: 0, p99_ms: 0, max_ms: 0, errors: 0, error_kinds: {} },
        '0 ops/s',
      ).text,
      T0,
    )
    expect(joined(show(vm))).toMatch(/Workload\s+0 ops\/s · p99 0\.0 ms · 0 err/)
  })

  it('shows a subject’s own workload stats, the bad ones in red, without knowing what they mean', () => {
    const vm = emptyViewModel()
    const stats = [
      { name: 'admitted', value: 31, limit: 22, bad: true },
      { name: '429', value: 0.3, unit: '%', bad: false },
      { name: 'bogus', value: 'x', bad: false },
    ]
    for (let i = 0; i < 5; i++) {
      const fields = { event: 'workload.sample', ops_per_s: 200, p50_ms: 1, p99_ms: 4, max_ms: 5, errors: 0, stats }
      vm.ingestLine('workload', 'stdout', pinoLine('workload', T0 + i * 1000, 'info', fields, '200 ops/s').text, T0)
    }
    // A list with an invalid stat is dropped whole: the panel shows what it can trust.
    expect(vm.samples.last(1)[0]?.stats).toEqual([])
    stats.pop()
    vm.ingestLine(
      'workload',
      'stdout',
      pinoLine(
        'workload',
        T0 + 6000,
        'info',
        { event: 'workload.sample', ops_per_s: 200, p99_ms: 4, errors: 0, stats },
        '',
      ).text,
      T0,
    )
    const { ui, text } = openScreen(220, 40)
    ui.render(vm)
    const wide = joined(text())
    expect(wide).toMatch(/Workload\s+200 ops\/s · p99 4\.0 ms · 0 err · admitted 31\/22 · 429 30%/)
    expect(wide).toMatch(/p99 latency \(ms\)\s+admitted 31\/22 · 429 30%/)
    const row = text().findIndex((r) => r.includes('admitted 31/22'))
    const col = text()[row]?.indexOf('admitted 31/22') ?? -1
    expect(cellStyle(ui.screen, col, row).fg).toBe(COLOR.red)
    // Too small for charts: one sparkline row per stat.
    expect(joined(show(vm, 80, 24))).toMatch(/admit [▁-█]+ 31\/22/)
  })

  it('shows observe and manual mode and a ready kill switch in the status line', () => {
    const rows = show(recordedViewModel())
    const status = rows.slice(-2).join('\n')
    expect(status).toMatch(/observe │ manual │ kill ready │ monitor ● │ agent ● │ workload ●/)
    expect(status).toContain(
      'a approve  r reject  m mode  A approval  f fault  K kill  tab focus  / filter  ? help  q quit',
    )
  })

  it('shows EXECUTE and a latched kill switch in the status line', () => {
    const vm = recordedViewModel()
    vm.applySnapshot({
      ...SNAPSHOT,
      modes: { ...SNAPSHOT.modes, safety: 'execute', approval: 'auto', kill_latched: true },
    })
    const { ui, text } = openScreen()
    ui.render(vm)
    const status = text().slice(-2)
    expect(status[0]).toContain('EXECUTE │ auto │ kill LATCHED')
    const y = 38
    expect(cellStyle(ui.screen, 0, y)).toMatchObject({ fg: COLOR.red, bold: true })
    expect(cellStyle(ui.screen, status[0]?.indexOf('kill LATCHED') ?? -1, y)).toMatchObject({
      fg: COLOR.red,
      bold: true,
    })
  })

  it('shows a dead child with its exit code and last stderr lines, and how to restart it', () => {
    const vm = recordedViewModel()
    vm.ingestLine('agent', 'stderr', 'Error: SQLITE_BUSY: database is locked', T0 + 40_000)
    vm.setChild({
      name: 'agent',
      status: 'dead',
      pid: null,
      exit_code: 1,
      last_stderr: vm.children.get('agent')?.last_stderr ?? [],
      restarts: 0,
    })
    vm.notice('agent exited with code 1', 'bad', T0 + 40_001)
    const status = show(vm).slice(-2)
    expect(status[0]).toContain('agent ✘ dead (exit 1)')
    expect(status[0]).toContain('agent exited with code 1')
    expect(status[1]).toContain('agent: Error: SQLITE_BUSY: database is locked')
    expect(status[1]).toContain('R restarts')
  })

  it('shows the key table in the help overlay', () => {
    const vm = recordedViewModel()
    vm.overlay = { kind: 'help' }
    const screen = joined(show(vm))
    expect(screen).toContain('Keys')
    expect(screen).toMatch(/a\s+approve the selected proposal/)
    expect(screen).toMatch(/K\s+kill switch \(asks to confirm\)/)
    expect(screen).toMatch(/q\s+quit/)
  })

  it('shows the fault menu with the chosen fault highlighted', () => {
    const vm = recordedViewModel()
    const items = [
      { label: 'kill_member m1', fault: 'kill_member', target: 'm1' },
      { label: 'kill_member m2', fault: 'kill_member', target: 'm2' },
      { label: 'fill_quota', fault: 'fill_quota', target: null },
    ]
    vm.overlay = { kind: 'faults', items, selected: 1 }
    const screen = joined(show(vm))
    expect(screen).toContain('Inject a fault')
    expect(screen).toContain('  kill_member m1')
    expect(screen).toContain('▶ kill_member m2')
    expect(screen).toContain('  fill_quota')
  })

  it('asks before pulling the kill switch', () => {
    const vm = recordedViewModel()
    vm.overlay = { kind: 'confirm_kill' }
    const text = flowed(boxText(show(vm), 'Kill switch'))
    expect(text).toBe('Pull the kill switch? observe mode, cancel every pending proposal, abort in-flight work — y / n')
  })

  it('asks before leaving a latched kill switch for execute mode', () => {
    const vm = recordedViewModel()
    vm.overlay = { kind: 'confirm_unlatch' }
    const text = flowed(boxText(show(vm), 'Leave the kill switch'))
    expect(text).toBe(
      'The kill switch is latched. Leave it for execute mode? Agents may act on the cluster again — y / n',
    )
  })

  it('shows a message overlay such as the kill switch’s counts', () => {
    const vm = recordedViewModel()
    vm.overlay = {
      kind: 'message',
      title: 'Kill switch engaged',
      lines: ['proposals cancelled: 2', 'tasks aborted: 1', 'took 38 ms'],
    }
    const screen = boxText(show(vm), 'Kill switch engaged')
    expect(screen).toContain('proposals cancelled: 2')
    expect(screen).toContain('took 38 ms')
  })

  it('shows the filter prompt and the filter in the focused log’s label', () => {
    const vm = recordedViewModel()
    vm.focus = 'monitor'
    vm.filters.monitor = 'T-2'
    vm.overlay = { kind: 'filter', text: 'T-2' }
    const screen = joined(show(vm))
    expect(screen).toContain('/T-2█')
    expect(screen).toContain('Monitor · /T-2')
    expect(screen).not.toContain('OPEN T-1')
  })

  it('draws the focused panel with a double border', () => {
    const vm = recordedViewModel()
    vm.focus = 'agent'
    const rows = show(vm)
    const agentTop = rows.find((r) => r.includes('▸ Agent'))
    expect(agentTop).toMatch(/╔.*▸ Agent.*╗/)
    expect(joined(rows)).toMatch(/┌.*Proposals.*┐/)
  })

  it('shows data with blessed tags literally', () => {
    const vm = recordedViewModel()
    vm.ingestLine(
      'monitor',
      'stdout',
      pinoLine(
        'monitor',
        T0 + 50_000,
        'info',
        { event: 'monitor.note' },
        'member named {bold}m9{/bold} said {red-fg}hi',
      ).text,
      T0 + 50_000,
    )
    const screen = flowed(boxText(show(vm), 'Monitor'))
    expect(screen).toContain('member named {bold}m9{/bold} said {red-fg}hi')
  })

  it('strips control characters and escape sequences from data', () => {
    const vm = recordedViewModel()
    const nasty = 'before\x1b[2J\x1b[31mred\x07\rafter\x1b]0;pwned\x07 end\u202Eevil'
    vm.ingestLine(
      'monitor',
      'stdout',
      pinoLine('monitor', T0 + 50_000, 'info', { event: 'monitor.note' }, nasty).text,
      T0 + 50_000,
    )
    const rows = show(vm)
    const screen = joined(rows)
    expect(flowed(boxText(rows, 'Monitor'))).toContain('beforered after endevil')
    expect(screen).not.toContain('pwned')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
    expect(screen).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/)
  })

  it('renders with no data at all', () => {
    const screen = joined(show(emptyViewModel()))
    expect(screen).toContain('Cluster etcd · unknown')
    expect(screen).toContain('waiting for the first observation')
    expect(screen).toContain('no tickets yet')
    expect(screen).toContain('nothing awaiting approval')
    expect(screen).toContain('modes ?')
  })

  it('renders on a small 80×24 terminal, overlays included', () => {
    const { ui, text } = openScreen(80, 24)
    const vm = recordedViewModel()
    ui.render(vm)
    const rows = text()
    expect(rows).toHaveLength(24)
    expect(rows.every((r) => r.length <= 80)).toBe(true)
    expect(joined(rows)).toContain('✘ leader_preferred')
    for (const overlay of [
      { kind: 'help' },
      { kind: 'confirm_kill' },
      { kind: 'confirm_unlatch' },
      { kind: 'filter', text: 'x'.repeat(200) },
    ] as const) {
      vm.overlay = overlay
      expect(() => ui.render(vm)).not.toThrow()
    }
    vm.overlay = {
      kind: 'faults',
      items: Array.from({ length: 40 }, (_, i) => ({ label: `fault ${i}`, fault: 'kill_member', target: null })),
      selected: 39,
    }
    expect(() => ui.render(vm)).not.toThrow()
    expect(() => ui.render(emptyViewModel())).not.toThrow()
    expect(text()).toHaveLength(24)
  })

  it('lays the panels out again when the terminal is resized', () => {
    const { ui, text, tty } = openScreen(120, 40)
    const vm = recordedViewModel()
    ui.render(vm)
    tty.output.resize(90, 30)
    ui.render(vm)
    expect(ui.size()).toEqual({ width: 90, height: 30 })
    const rows = text()
    expect(rows).toHaveLength(30)
    expect(joined(rows)).toContain('Proposals')
    expect(rows.at(-1)).toMatch(/a approve/)
  })

  it('asks the view model only for the log lines it can show, however long the logs', () => {
    const vm = emptyViewModel()
    for (let i = 0; i < 2000; i++) {
      vm.ingestLine(
        'monitor',
        'stdout',
        pinoLine('monitor', T0 + i, 'info', { event: 'monitor.note' }, `line ${i}`).text,
        T0 + i,
      )
      vm.ingestLine(
        'agent',
        'stdout',
        pinoLine('agent', T0 + i, 'info', { event: 'agent.note' }, `step ${i}`).text,
        T0 + i,
      )
    }
    const { ui, text } = openScreen()
    const visible = vi.spyOn(vm, 'visible')
    ui.render(vm)
    for (const [panel, height] of visible.mock.calls) expect(height).toBe(ui.panelHeight(panel))
    for (const result of visible.mock.results)
      expect((result.value as unknown[]).length).toBeLessThanOrEqual(ui.panelHeight('monitor') + 1)
    const screen = joined(text())
    expect(screen).toContain('line 1999')
    expect(screen).toContain('step 1999')
    expect(screen).not.toContain('line 1000')
  })

  it('reports panel heights that match the log rows on screen', () => {
    const { ui } = openScreen(120, 40)
    expect(ui.panelHeight('agent')).toBe(ui.panelHeight('monitor') + 1)
    expect(ui.panelHeight('agent')).toBeGreaterThan(10)
  })
})

describe('the agent’s brain on the screen', () => {
  /** The recorded story told by an agent planning with a language model. */
  function llmViewModel(model = LLM_MODEL): ViewModel {
    const vm = recordedViewModel()
    for (const line of brainLines(T0 + 40_000, model)) vm.ingestLine(line.source, line.stream, line.text, line.at)
    return vm
  }

  it('says the playbook in the Agent panel’s title and the status line until the agent says otherwise', () => {
    const rows = show(emptyViewModel())
    expect(joined(rows)).toMatch(/[┌╔]─ Agent · playbook ─/)
    expect(rows.at(-2)).toContain('brain playbook')
  })

  it('shows the brain and its model in the Agent panel’s title and the status line', () => {
    const vm = llmViewModel()
    const rows = show(vm)
    expect(joined(rows)).toContain(`Agent · llm ${LLM_MODEL}`)
    expect(boxText(rows, 'Agent').length).toBeGreaterThan(0)
    expect(rows.at(-2)).toMatch(
      /observe │ manual │ kill ready │ monitor ● │ agent ● │ workload ● │ brain llm \(anthropic:claude-sonnet-4-5\)/,
    )
    vm.focus = 'agent'
    expect(joined(show(vm))).toMatch(new RegExp(`╔═ ▸ Agent · llm ${LLM_MODEL} ═`))
  })

  it('colours the model in the title and the status line', () => {
    const { ui, text } = openScreen()
    ui.render(llmViewModel())
    const rows = text()
    const titleY = rows.findIndex((r) => r.includes(`Agent · llm ${LLM_MODEL}`))
    const titleX = rows[titleY]?.indexOf(LLM_MODEL) ?? -1
    expect(cellStyle(ui.screen, titleX, titleY).fg).toBe(COLOR.magenta)
    const statusY = rows.length - 2
    expect(cellStyle(ui.screen, rows[statusY]?.indexOf(LLM_MODEL) ?? -1, statusY).fg).toBe(COLOR.magenta)
  })

  it('says the brain in short when the title or the status line has no room for the model', () => {
    const vm = llmViewModel()
    vm.focus = 'agent'
    vm.filters.agent = 'T-1'
    expect(joined(show(vm))).toMatch(/▸ Agent · llm · \/T-1 ═/)
    const rows = show(llmViewModel(), 80, 24)
    expect(joined(rows)).toMatch(/─ Agent · llm ─/)
    expect(rows.at(-2)).not.toContain(LLM_MODEL)
    expect(rows.every((r) => r.length <= 80)).toBe(true)
  })

  it('shows what the model said and called in the Agent panel, after their ticket, and warns of a fallback', () => {
    const screen = flowed(boxText(show(llmViewModel(), 160, 50), 'Agent'))
    expect(screen).toContain('T-1 → read_member_logs {"member":"m2","lines":50}')
    expect(screen).toContain('T-1 model: m2 exited with code 137')
    expect(screen).toContain('T-3 model unavailable (budget spent): the playbook plans instead')
    expect(screen).toContain('model request failed (529 overloaded); retry 1 in 500 ms')
  })

  it('folds a model line to one row, and enter on the Agent panel shows the whole of it', () => {
    const vm = llmViewModel()
    const agent = boxText(show(vm), 'Agent')
    const folded = agent.filter((r) => r.includes('T-1 model: m2 exited'))
    expect(folded).toHaveLength(1)
    expect(folded[0]).toMatch(/…\s*$/)
    expect(agent.join('\n')).not.toContain('the smallest repair that could work')
    // The fallback's warning below it is not folded: enter opens the model's answer above it.
    vm.focus = 'agent'
    handleKey(vm, { name: 'enter', ch: '\r' }, [])
    handleKey(vm, { name: 'return', ch: '\r' }, [])
    const rows = show(vm)
    expect(joined(rows)).toContain('T-1 model: m2 exited')
    expect(flowed(rows)).toContain(
      'the other two members are healthy, so restarting m2 is the smallest repair that could work',
    )
    // Scrolled up past the answer, enter opens the tool call before it, with what it returned.
    handleKey(vm, { name: 'escape' }, [])
    handleKey(vm, { name: 'k', ch: 'k' }, [])
    handleKey(vm, { name: 'k', ch: 'k' }, [])
    handleKey(vm, { name: 'enter', ch: '\r' }, [])
    expect(joined(show(vm))).toContain('panic: runtime error')
  })

  it('shows a model name with blessed tags literally', () => {
    const rows = show(llmViewModel('{red-fg}evil{/red-fg}'))
    expect(joined(rows)).toContain('Agent · llm {red-fg}evil{/red-fg}')
  })
})

describe('the narration band', () => {
  it('shows the scenario’s title, the step, its text and its detail above the panels', () => {
    const vm = recordedViewModel()
    vm.narrate(createNarration())
    const { ui, text } = openScreen()
    ui.render(vm)
    const rows = text()
    expect(rows[0]).toMatch(/^┌─ Scenario · Leader loss · step 1 of 2 ─+┐$/)
    expect(boxText(rows, 'Scenario')).toEqual([
      'Kill the leader and watch the agent bring it back',
      'press space to fire it',
    ])
    expect(rows[4]).toContain('Cluster etcd')
    expect(cellStyle(ui.screen, 0, 0).fg).toBe(COLOR.cyan)
    expect(cellStyle(ui.screen, 1, 1)).toMatchObject({ fg: COLOR.white, bold: true })
    expect(rows).toHaveLength(40)
    expect(rows.at(-1)).toMatch(/a approve/)
  })

  it('colours the band’s border by the narration’s tone', () => {
    const vm = recordedViewModel()
    vm.narrate(createNarration({ tone: 'bad', detail: 'the member did not come back' }))
    const { ui, text } = openScreen()
    ui.render(vm)
    expect(boxText(text(), 'Scenario')).toContain('the member did not come back')
    expect(cellStyle(ui.screen, 0, 0).fg).toBe(COLOR.red)
  })

  it('draws no band without narration: the panels take the whole height as before', () => {
    const rows = show(recordedViewModel())
    expect(joined(rows)).not.toContain('Scenario')
    expect(rows[0]).toContain('Cluster etcd')
  })

  it('lays the panels out again when the narration appears and disappears', () => {
    const vm = recordedViewModel()
    const { ui, text } = openScreen()
    ui.render(vm)
    const tall = ui.panelHeight('agent')
    vm.narrate(createNarration())
    ui.render(vm)
    expect(text()[0]).toContain('Scenario · Leader loss')
    expect(text()[4]).toContain('Cluster etcd')
    expect(ui.panelHeight('agent')).toBeLessThan(tall)
    vm.narrate(null)
    ui.render(vm)
    expect(text()[0]).toContain('Cluster etcd')
    expect(joined(text())).not.toContain('Scenario')
    expect(ui.panelHeight('agent')).toBe(tall)
    vm.narrate(createNarration({ step: 2, text: 'Watch it heal' }))
    ui.render(vm)
    expect(text()[0]).toContain('step 2 of 2')
    expect(boxText(text(), 'Scenario')[0]).toBe('Watch it heal')
  })

  it('grows by a row when the text needs two', () => {
    const vm = recordedViewModel()
    vm.narrate(
      createNarration({
        text: 'The monitor sees the leader gone, opens a ticket, and the agent proposes to restart the member it lost while the workload keeps writing',
      }),
    )
    const { ui, text } = openScreen(100, 40)
    ui.render(vm)
    const band = boxText(text(), 'Scenario')
    expect(band).toHaveLength(3)
    expect(band[2]).toBe('press space to fire it')
    expect(text()[5]).toContain('Cluster etcd')
  })

  it('narrates on one row on a small terminal', () => {
    const vm = recordedViewModel()
    vm.narrate(createNarration())
    const { ui, text } = openScreen(80, 20)
    ui.render(vm)
    const rows = text()
    expect(rows).toHaveLength(20)
    expect(boxText(rows, 'Scenario')).toEqual([
      'Kill the leader and watch the agent bring it back — press space to fire it',
    ])
    expect(rows[3]).toContain('Cluster etcd')
    expect(rows.every((r) => r.length <= 80)).toBe(true)
  })

  it('shows the run’s report over the panels, scrolled with j and k, and says which lines show', () => {
    const vm = recordedViewModel()
    const lines = Array.from({ length: 55 }, (_, i) => `report line ${i + 1}`)
    vm.narrate(
      createNarration({
        step: null,
        text: 'Done',
        detail: 'passed',
        tone: 'good',
        report: { outcome: 'passed', lines },
      }),
    )
    const { ui, text } = openScreen(80, 24)
    ui.render(vm)
    let report = boxText(text(), 'Leader loss — PASSED')
    expect(report[0]).toBe('report line 1')
    expect(report.at(-1)).toMatch(/^↑↓ scroll · 1–19 of 55 · esc closes$/)
    const top = text().findIndex((r) => r.includes('Leader loss — PASSED'))
    expect(cellStyle(ui.screen, text()[top]?.indexOf('┌') ?? -1, top).fg).toBe(COLOR.green)
    handleKey(vm, { name: 'j', ch: 'j' }, [])
    handleKey(vm, { name: 'down' }, [])
    ui.render(vm)
    report = boxText(text(), 'Leader loss — PASSED')
    expect(report[0]).toBe('report line 3')
    expect(report.at(-1)).toContain('3–21 of 55')
    for (let i = 0; i < 10; i++) handleKey(vm, { name: 'pagedown' }, [])
    ui.render(vm)
    report = boxText(text(), 'Leader loss — PASSED')
    expect(report.at(-2)).toBe('report line 55')
    expect(report.at(-1)).toContain('37–55 of 55')
    handleKey(vm, { name: 'k', ch: 'k' }, [])
    ui.render(vm)
    expect(boxText(text(), 'Leader loss — PASSED').at(-1)).toContain('36–54 of 55')
    handleKey(vm, { name: 'escape' }, [])
    ui.render(vm)
    expect(joined(text())).not.toContain('Leader loss — PASSED')
  })

  it('closes a short message with a plain hint and colours a failed report red', () => {
    const vm = recordedViewModel()
    vm.narrate(createNarration({ report: { outcome: 'failed', lines: ['step 2 timed out'] } }))
    const { ui, text } = openScreen()
    ui.render(vm)
    const report = boxText(text(), 'Leader loss — FAILED')
    expect(report).toEqual(['step 2 timed out', '', 'esc closes'])
    const top = text().findIndex((r) => r.includes('Leader loss — FAILED'))
    expect(cellStyle(ui.screen, text()[top]?.indexOf('┌') ?? -1, top).fg).toBe(COLOR.red)
  })

  it('lists the caller’s own keys in the help overlay and first in the status line', () => {
    const vm = recordedViewModel()
    vm.extraKeys = [['space', 'fire the next step']]
    handleKey(vm, { name: '?', ch: '?' }, [])
    const rows = show(vm)
    const help = boxText(rows, 'Keys').map((r) => r.trimEnd())
    const extra = help.findIndex((r) => /^space\s+fire the next step$/.test(r))
    expect(extra).toBeGreaterThan(help.findIndex((r) => /^q\s+quit/.test(r)))
    expect(help.indexOf('esc or ? closes')).toBeGreaterThan(extra)
    expect(rows.at(-1)).toMatch(/^space fire the next step {2}a approve {2}r reject/)
  })
})
