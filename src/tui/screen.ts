/**
 * The screen of `operator demo`: five panels (Cluster, Workload, Monitor,
 * Agent, Proposals), a status line and overlays, with a scenario's narration
 * as a band above the panels while there is one, built on any pair of
 * input/output streams and redrawn from the view model on every `render`.
 * It binds no keys: the app owns key handling through `screen.key(...)`.
 */

import type { Widgets } from 'blessed'
import blessed from 'blessed'
import { clusterContent, clusterLabel, HEALTH_COLOR } from './panels/cluster.js'
import { type Coords, doubleBorder, type Layout, layout, type Rect } from './panels/layout.js'
import { brainDetail, emptyLog, logLabel, logRows, ticketCounts } from './panels/logs.js'
import { NARRATION_BORDER, narrationHeight, narrationLabel, narrationLines } from './panels/narration.js'
import { overlayView } from './panels/overlay.js'
import { proposalsContent, proposalsLabel } from './panels/proposals.js'
import { runsInput } from './panels/runs.js'
import { statusLines } from './panels/status.js'
import { clean } from './panels/text.js'
import { CHART_SAMPLES, sparklineContent, workloadLabel } from './panels/workload.js'
import { chartTitles, createWorkloadCharts } from './panels/workload-charts.js'
import type { PanelName, ViewModel } from './view-model.js'

export interface ScreenOptions {
  input: NodeJS.ReadableStream
  output: NodeJS.WritableStream
  /** Terminal window title; `Operator · <subject>` by default. */
  title?: string
  subjectName: string
}

export interface OperatorScreen {
  /** The blessed screen: the app binds its keys here. */
  screen: Widgets.Screen
  /** Redraws every panel from `vm` and flushes once. Formats only what is visible. */
  render(vm: ViewModel): void
  destroy(): void
  /** Terminal size in cells. */
  size(): { width: number; height: number }
  /** Log lines a panel shows at once: the page size for scrolling and for `vm.visible`. */
  panelHeight(panel: 'monitor' | 'agent'): number
}

/** Blessed style of a bordered box, as far as the screen changes it. */
interface BorderStyle {
  border: { fg: string; bold: boolean }
}

const bufferIds = new WeakMap<object, number>()
let nextBufferId = 0

/** Changes whenever the view model's samples do: which buffer, and how many samples it has taken in. */
function samplesVersion(vm: ViewModel): string {
  let id = bufferIds.get(vm.samples)
  if (id === undefined) {
    id = nextBufferId++
    bufferIds.set(vm.samples, id)
  }
  return `${id}:${vm.samples.total}`
}

export function createScreen(options: ScreenOptions): OperatorScreen {
  const screenOptions = {
    input: options.input,
    output: options.output,
    smartCSR: true,
    fullUnicode: true,
    autoPadding: true,
    warnings: false,
    terminal: 'xterm-256color',
  }
  // @types/blessed has `input` and `output` the wrong way round (Writable input, Readable output).
  const screen = blessed.screen(screenOptions as unknown as Widgets.IScreenOptions)
  screen.title = clean(options.title ?? `Operator · ${options.subjectName}`)
  screen.program.hideCursor()

  const box = (extra: Widgets.BoxOptions = {}) =>
    blessed.box({
      parent: screen,
      tags: true,
      wrap: false,
      border: { type: 'line' },
      style: { border: { fg: 'grey', bold: false } },
      ...extra,
    })
  const panels: Record<PanelName, Widgets.BoxElement> = {
    cluster: box(),
    workload: box(),
    monitor: box(),
    agent: box(),
    proposals: box(),
  }
  const status = blessed.box({ parent: screen, tags: true, wrap: false })
  const narration = box({ hidden: true })
  const overlay = box({ hidden: true, style: { border: { fg: 'white', bold: true } } })

  let focused: PanelName = 'proposals'
  for (const name of Object.keys(panels) as PanelName[]) {
    panels[name].on('render', (coords: Coords) => {
      if (name === focused) doubleBorder(screen, panels[name], coords)
    })
  }

  let current: Layout = layout(screen.program.cols, screen.program.rows)
  let laidOut = ''
  /** Height the narration band asks for (0 without narration), as of the last render. */
  let band = 0
  const charts = createWorkloadCharts(screen, panels.workload)
  let lastVm: ViewModel | null = null

  const place = (el: Widgets.BoxElement, r: Rect) => {
    el.top = r.top
    el.left = r.left
    el.width = Math.max(1, r.width)
    el.height = Math.max(1, r.height)
  }

  const applyLayout = () => {
    const key = `${screen.program.cols}x${screen.program.rows}+${band}`
    if (key === laidOut) return
    laidOut = key
    current = layout(screen.program.cols, screen.program.rows, band)
    for (const name of Object.keys(panels) as PanelName[]) place(panels[name], current[name])
    place(status, current.status)
    if (current.narration.height > 0) place(narration, current.narration)
    charts.drop()
  }

  const inner = (name: PanelName) => ({
    width: Math.max(0, current[name].width - 2),
    height: Math.max(0, current[name].height - 2),
  })

  const renderWorkload = (vm: ViewModel) => {
    const samples = vm.samples.last(CHART_SAMPLES)
    panels.workload.setLabel(
      workloadLabel(samples[samples.length - 1], vm.focus === 'workload', current.workload.width),
    )
    const area = inner('workload')
    const charted = charts.update(samples, samplesVersion(vm), area.width, area.height)
    const stats = samples[samples.length - 1]?.stats
    // The workload drives the first run only (`demo --clusters N`): the others say where it is.
    const first = vm.runs[0]
    const empty = vm.run !== first && first?.id ? `no workload on this run: it drives ${first.id}` : undefined
    panels.workload.setContent(
      charted ? chartTitles(area.width, stats) : sparklineContent(samples, area.width, area.height, empty),
    )
  }

  const renderLog = (vm: ViewModel, panel: 'monitor' | 'agent') => {
    const el = panels[panel]
    const { width } = inner(panel)
    const height = panelHeight(panel)
    const filter = vm.filters[panel]
    el.setLabel(
      logLabel(
        panel === 'monitor' ? 'Monitor' : 'Agent',
        filter,
        vm.scroll[panel],
        vm.focus === panel,
        current[panel].width,
        panel === 'agent' ? brainDetail(vm.brain) : undefined,
      ),
    )
    const rows = logRows(vm.visible(panel, height), width, height)
    const body = rows.length > 0 ? rows : [emptyLog(filter, panel === 'monitor' ? 'no tickets yet' : 'no work yet')]
    el.setContent(panel === 'monitor' ? [ticketCounts(vm.tickets, width), ...body].join('\n') : body.join('\n'))
  }

  const renderNarration = (vm: ViewModel) => {
    const rect = current.narration
    if (!vm.narration || rect.height === 0) {
      narration.hide()
      return
    }
    ;(narration.style as BorderStyle).border.fg = NARRATION_BORDER[vm.narration.tone]
    narration.setLabel(narrationLabel(vm.narration, rect.width))
    narration.setContent(
      narrationLines(vm.narration, Math.max(0, rect.width - 2), Math.max(0, rect.height - 2)).join('\n'),
    )
    narration.show()
  }

  const renderOverlay = (vm: ViewModel) => {
    if (!vm.overlay) {
      overlay.hide()
      return
    }
    const cols = screen.program.cols
    const rows = screen.program.rows
    const view = overlayView(vm.overlay, cols, rows)
    // Keys scroll a message without knowing its height: keep the offset where the view clamped it, so the way back starts at once.
    if (vm.overlay.kind === 'message' && view.scroll !== undefined) vm.overlay.scroll = view.scroll
    place(overlay, {
      top: Math.max(0, Math.floor((rows - view.height) / 2)),
      left: Math.max(0, Math.floor((cols - view.width) / 2)),
      width: view.width,
      height: view.height,
    })
    ;(overlay.style as BorderStyle).border.fg = view.color
    overlay.setLabel(view.title)
    overlay.setContent(view.lines.join('\n'))
    overlay.show()
    overlay.setFront()
  }

  const styleBorders = (vm: ViewModel) => {
    for (const name of Object.keys(panels) as PanelName[]) {
      const style = panels[name].style as BorderStyle
      const isFocused = name === vm.focus
      style.border.fg = name === 'cluster' ? HEALTH_COLOR[vm.health] : isFocused ? 'white' : 'grey'
      style.border.bold = isFocused
    }
  }

  function panelHeight(panel: 'monitor' | 'agent'): number {
    applyLayout()
    return Math.max(0, inner(panel).height - (panel === 'monitor' ? 1 : 0))
  }

  const render = (vm: ViewModel) => {
    lastVm = vm
    band = narrationHeight(vm.narration, screen.program.cols, screen.program.rows)
    applyLayout()
    focused = vm.focus
    styleBorders(vm)
    const cluster = inner('cluster')
    // With several runs the Cluster panel names the run the panels show.
    const shown = vm.runs.length > 1 && vm.run.id !== null ? `${options.subjectName} ${vm.run.id}` : options.subjectName
    panels.cluster.setLabel(clusterLabel(shown, vm.health, vm.focus === 'cluster', current.cluster.width))
    panels.cluster.setContent(
      clusterContent(
        { cluster: vm.cluster, invariants: vm.invariants, health: vm.health },
        cluster.width,
        cluster.height,
      ),
    )
    renderWorkload(vm)
    renderLog(vm, 'monitor')
    renderLog(vm, 'agent')
    const proposals = inner('proposals')
    panels.proposals.setLabel(proposalsLabel(vm, vm.focus === 'proposals', current.proposals.width))
    panels.proposals.setContent(proposalsContent(vm, proposals.width, proposals.height))
    const children = [...vm.children.values()]
    status.setContent(
      statusLines(
        {
          modes: vm.modes,
          children,
          brain: vm.brain,
          flash: vm.flash,
          replay: vm.replay,
          extraHints: vm.extraKeys,
          runs: runsInput(vm),
        },
        current.status.width,
        current.status.height,
      ).join('\n'),
    )
    renderNarration(vm)
    renderOverlay(vm)
    screen.render()
  }

  // blessed redraws on resize with the old geometry; lay out again and redraw from the last view model.
  screen.on('resize', () => {
    if (lastVm) render(lastVm)
  })

  applyLayout()

  return {
    screen,
    render,
    destroy: () => {
      charts.drop()
      screen.destroy()
    },
    size: () => ({ width: screen.program.cols, height: screen.program.rows }),
    panelHeight,
  }
}
