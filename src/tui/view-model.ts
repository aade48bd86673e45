/**
 * The TUI's view model: everything the five panels and the status line show,
 * fed by child NDJSON lines, child status changes, database snapshots and
 * supervisor notices. Pure logic, no I/O: the screen renders it and tests
 * drive it with recorded events. Logs are ring buffers, so memory stays bounded.
 *
 * What belongs to a run (cluster, workload, logs, tickets, proposals) is kept
 * per run, routed by the `run_id` of each event, and the panels show the
 * selected run (`[`/`]`). Runs are known from `setRuns` (the demo) or from
 * the fleet's `run.joined` lines (a replay); a line of no known run belongs
 * to every run's log, an observation or sample of none to the first run.
 * With one run nothing of this shows.
 */

import type { Narration } from '../core/narration.js'
import type { Modes, Proposal, Ticket } from '../core/records.js'
import { RingBuffer } from '../core/ring-buffer.js'
import type { ClusterTable } from '../core/subject.js'
import { agentBrain, agentEventLines, monitorEventLine } from './event-lines.js'
import { RunList } from './run-list.js'
import type { RunView } from './run-view.js'
import {
  type BrainView,
  CHILD_NAMES,
  type ChildName,
  type ChildView,
  type ClusterHealth,
  type InvariantView,
  type LogLine,
  type Overlay,
  PANELS,
  type PanelName,
  PLAYBOOK_BRAIN,
  type ReplayStatus,
  type Tone,
  type WorkloadSample,
} from './view-types.js'

export { RunView, runGlance, runLabels } from './run-view.js'
export * from './view-types.js'

/** How far above the bottom of a log's view enter looks for a folded line. */
const EXPAND_REACH = 40

export interface ViewModelOptions {
  /** Subject's invariant ids, in display order. */
  invariants: readonly string[]
  /** Renders an observation for the Cluster panel. */
  clusterTable: (observation: unknown) => ClusterTable | null
  logCapacity?: number
  sampleCapacity?: number
}

export class ViewModel {
  /** Every run's own state, in order, and which one the panels show. */
  readonly runList: RunList
  /** Supervisor notices and text lines that were not JSON. */
  readonly notices: RingBuffer<LogLine>
  modes: Modes | null = null
  children = new Map<ChildName, ChildView>()
  /** The agent's brain, from its last `agent.started` line; the playbook until it says. */
  brain: BrainView = PLAYBOOK_BRAIN
  focus: PanelName = 'proposals'
  selected = 0
  /** Per-panel scroll offset from the bottom (0 = follow). */
  scroll: Record<PanelName, number> = { cluster: 0, workload: 0, monitor: 0, agent: 0, proposals: 0 }
  /** Per-panel filter text, set with `/`. */
  filters: Partial<Record<PanelName, string>> = {}
  overlay: Overlay | null = null
  /** A one-line message in the status line (last action's outcome). */
  flash: { text: string; tone: Tone; at: number } | null = null
  /** Lines ingested, for the bench and the status line. */
  ingested = 0
  /** Counts the inputs taken in (lines, snapshots, children, notices): the screen redraws when it moves. */
  revision = 0
  /** Set while a recording is replayed: the status line shows where and how fast. */
  replay: ReplayStatus | null = null
  /** A scenario's narration (`operator demo --scenario`, and replays of scenario runs): a band above the panels. */
  narration: Narration | null = null
  /** Keys of the caller's own (a presenter's space), shown in the status line and the help. */
  extraKeys: readonly (readonly [key: string, what: string])[] = []

  constructor(private readonly options: ViewModelOptions) {
    this.runList = new RunList({ logs: options.logCapacity ?? 2000, samples: options.sampleCapacity ?? 300 })
    this.notices = new RingBuffer(200)
    for (const name of CHILD_NAMES)
      this.children.set(name, { name, status: 'starting', pid: null, exit_code: null, last_stderr: [], restarts: 0 })
  }

  get invariants(): InvariantView[] {
    return this.options.invariants.map((id) => ({
      id,
      ok: !this.run.violations.some((k) => k === id || k.startsWith(`${id}:`)),
    }))
  }

  /** Every run, in order (one until runs are known). */
  get runs(): readonly RunView[] {
    return this.runList.all
  }
  /** The run the panels show. */
  get run(): RunView {
    return this.runList.selected
  }
  get cluster(): ClusterTable | null {
    return this.run.cluster
  }
  get samples(): RingBuffer<WorkloadSample> {
    return this.run.samples
  }
  get monitorLog(): RingBuffer<LogLine> {
    return this.run.monitorLog
  }
  get agentLog(): RingBuffer<LogLine> {
    return this.run.agentLog
  }
  get tickets(): Ticket[] {
    return this.run.tickets
  }
  get pending(): Proposal[] {
    return this.run.pending
  }
  get executing(): Proposal[] {
    return this.run.executing
  }
  get health(): ClusterHealth {
    return this.run.health
  }

  /** The runs the panels switch between, in order (the first takes over what arrived before it was named). */
  setRuns(ids: readonly string[]): void {
    this.revision++
    for (const id of ids) this.runList.add(id)
  }

  /** Switches the panels to the next (1) or previous (-1) run; the logs follow their newest lines again. */
  cycleRun(delta: number): void {
    if (!this.runList.cycle(delta)) {
      this.flash = {
        text: 'one run: nothing to switch to (demo --clusters N starts several)',
        tone: 'info',
        at: Date.now(),
      }
      return
    }
    this.revision++
    this.selected = 0
    this.scroll.monitor = 0
    this.scroll.agent = 0
  }

  /** One line of a child's output. Lines that are not JSON are kept as text, never dropped. */
  ingestLine(source: ChildName, stream: 'stdout' | 'stderr', text: string, at: number): void {
    this.ingested++
    this.revision++
    if (stream === 'stderr') {
      const child = this.children.get(source)
      if (child) child.last_stderr = [...child.last_stderr.slice(-9), text]
      this.textLine(source, text, 'warn', at)
      return
    }
    let e: Record<string, unknown>
    try {
      const parsed: unknown = JSON.parse(text)
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object')
      e = parsed as Record<string, unknown>
    } catch {
      this.textLine(source, text, 'info', at)
      return
    }
    const time = typeof e.time === 'number' ? e.time : at
    const event = typeof e.event === 'string' ? e.event : ''
    const msg = typeof e.msg === 'string' ? e.msg : ''
    if (typeof e.run_id === 'string' && event === 'run.joined' && source !== 'workload') this.runList.add(e.run_id)
    const own = this.runList.find(e.run_id)
    if (own && (event === 'run.joined' || event === 'run.ended')) own.ended = event === 'run.ended'
    if (source === 'workload') {
      if (event === 'workload.sample') (own ?? this.runList.first).addSample(e, time)
    } else if (source === 'monitor') this.ingestMonitor(own, event, e, msg, time)
    else this.ingestAgent(own, event, e, msg, time)
  }

  /** A line that is not an event: shown as text in its source's panel (workload's in Monitor), of every run. */
  private textLine(source: ChildName, text: string, tone: Tone, at: number): void {
    const line = { at, text: `${source}: ${text}`, tone }
    for (const run of this.runs) (source === 'agent' ? run.agentLog : run.monitorLog).push(line)
    this.notices.push(line)
  }

  /** `own`: the run the line names; a line of none goes to every run's log. */
  private ingestMonitor(own: RunView | undefined, event: string, e: Record<string, unknown>, msg: string, at: number) {
    if (event !== 'observation') {
      const line = monitorEventLine(event, e, msg, at)
      if (line) for (const run of own ? [own] : this.runs) run.monitorLog.push(line)
      return
    }
    ;(own ?? this.runList.first).observe(this.options.clusterTable(e.observation), e.violations, at)
  }

  private ingestAgent(own: RunView | undefined, event: string, e: Record<string, unknown>, msg: string, at: number) {
    if (event === 'agent.started') this.brain = agentBrain(e)
    const { agent, monitor } = agentEventLines(event, e, msg, at)
    for (const run of own ? [own] : this.runs) {
      if (agent) run.pushAgent(agent)
      if (monitor) run.monitorLog.push(monitor)
    }
  }

  /**
   * A fresh read of the database: modes, the runs' tickets, proposals
   * awaiting approval or executing — each to its run (a proposal by its
   * ticket's), what names no known run to the first.
   */
  applySnapshot(snapshot: { modes: Modes; tickets: Ticket[]; proposals: Proposal[] }): void {
    this.revision++
    this.modes = snapshot.modes
    const pendingBefore = this.pending[this.selected]?.id
    this.runList.distribute(snapshot.tickets, snapshot.proposals)
    const keep = pendingBefore ? this.pending.findIndex((p) => p.id === pendingBefore) : -1
    this.selected = keep >= 0 ? keep : Math.min(this.selected, Math.max(0, this.pending.length - 1))
  }

  /**
   * Forgets every input taken in (a replay seeking back starts again from
   * here); what the person set up — focus, filters, scroll — stays.
   */
  reset(): void {
    this.revision++
    for (const run of this.runs) run.clear()
    this.notices.clear()
    this.modes = null
    this.brain = PLAYBOOK_BRAIN
    this.selected = 0
    this.flash = null
    this.ingested = 0
    this.narration = null
    for (const name of CHILD_NAMES)
      this.children.set(name, { name, status: 'starting', pid: null, exit_code: null, last_stderr: [], restarts: 0 })
  }

  /** Shows a scenario's narration; its report (at the end) opens over the panels. */
  narrate(narration: Narration | null): void {
    this.revision++
    this.narration = narration
    if (narration?.report) {
      const { outcome, lines } = narration.report
      this.overlay = {
        kind: 'message',
        title: `${narration.title} — ${outcome.toUpperCase()}`,
        lines,
        tone: outcome === 'passed' ? 'good' : 'bad',
        scroll: 0,
      }
    }
  }

  setChild(view: ChildView): void {
    this.revision++
    this.children.set(view.name, view)
  }

  notice(text: string, tone: Tone, at: number): void {
    this.revision++
    this.notices.push({ at, text, tone })
    this.flash = { text, tone, at }
  }

  selectedProposal(): Proposal | undefined {
    return this.pending[this.selected]
  }

  moveSelection(delta: number): void {
    if (this.pending.length === 0) return
    this.selected = Math.max(0, Math.min(this.pending.length - 1, this.selected + delta))
  }

  cycleFocus(delta: number): void {
    const i = PANELS.indexOf(this.focus)
    this.focus = PANELS[(i + delta + PANELS.length) % PANELS.length] ?? 'proposals'
  }

  /** Lines of a log panel after its filter. */
  visible(panel: 'monitor' | 'agent', height: number): LogLine[] {
    const lines = this.filtered(panel)
    const end = Math.max(0, lines.length - this.scroll[panel])
    return lines.slice(Math.max(0, end - height), end)
  }

  /**
   * Opens the whole of the newest folded line at or above the bottom of a
   * log panel's view (scrolling moves the bottom); says so when there is none.
   */
  expand(panel: 'monitor' | 'agent'): void {
    const lines = this.filtered(panel)
    const end = Math.max(0, lines.length - this.scroll[panel])
    for (let i = end - 1; i >= Math.max(0, end - EXPAND_REACH); i--) {
      const line = lines[i]
      if (line?.detail === undefined) continue
      const rows = line.detail.split('\n')
      this.overlay = { kind: 'message', title: line.text, lines: rows, tone: line.tone, scroll: 0 }
      return
    }
    this.flash = { text: 'no folded line in view: scroll (j/k) to a model line', tone: 'info', at: Date.now() }
  }

  private filtered(panel: 'monitor' | 'agent'): LogLine[] {
    const log = panel === 'monitor' ? this.monitorLog : this.agentLog
    const filter = this.filters[panel]?.toLowerCase()
    return filter ? log.toArray().filter((l) => l.text.toLowerCase().includes(filter)) : log.toArray()
  }
}
