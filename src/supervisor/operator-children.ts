/**
 * The supervised run's `operator` children — monitor, agent, workload —
 * spawned from the command line's entry with the run, modes and home in
 * their arguments and environment. With several runs the monitor and the
 * agent watch them all (`--runs`); the workload drives the first. Tracks how each is doing (pid, exit,
 * last stderr lines, restarts) and reports every line and change of status.
 */
import { systemClock } from '../core/clock.js'
import type { ApprovalMode, SafetyMode } from '../core/records.js'
import type { ChildName, ChildView } from '../core/run-events.js'
import { type Child, SUPERVISOR_PID_ENV, spawnOperator } from './children.js'

export interface OperatorChildrenOptions {
  /** The operator command line's entry (dist/src/cli/main.js). */
  cliPath: string
  home: string
  subject: string
  /** The run the workload drives (and the only one, unless `runs` names more). */
  runId: string
  /** Every run the monitor and agent supervise; more than one hands them `--runs`. */
  runs?: readonly string[] | undefined
  intervalMs: number
  /** Modes handed to the children's environment (unset: the database's modes stand). */
  safety?: SafetyMode | undefined
  approval?: ApprovalMode | undefined
  /** The agent's brain, handed to its environment as OPERATOR_BRAIN. */
  brain?: string | undefined
  onLine: (name: ChildName, stream: 'stdout' | 'stderr', text: string, at: number) => void
  /** A child started, died or was stopped (a copy of its view). */
  onStatus: (view: ChildView, at: number) => void
}

export class OperatorChildren {
  private readonly children = new Map<ChildName, { child: Child; view: ChildView }>()
  private stopping = false

  constructor(private readonly o: OperatorChildrenOptions) {}

  private args(name: ChildName): string[] {
    const common = ['--subject', this.o.subject, '--run', this.o.runId]
    const runs = this.o.runs ?? []
    const watched = runs.length > 1 ? ['--subject', this.o.subject, '--runs', runs.join(',')] : common
    if (name === 'monitor') return ['monitor', ...watched, '--interval', String(this.o.intervalMs)]
    if (name === 'agent') return ['agent', ...watched]
    return ['workload', ...common, '--sample-ms', '1000']
  }

  private env(): Record<string, string> {
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      OPERATOR_HOME: this.o.home,
      [SUPERVISOR_PID_ENV]: String(process.pid),
    }
    if (this.o.safety) env.OPERATOR_SAFETY_MODE = this.o.safety
    if (this.o.approval) env.OPERATOR_APPROVAL_MODE = this.o.approval
    if (this.o.brain) env.OPERATOR_BRAIN = this.o.brain
    return env
  }

  spawn(name: ChildName): void {
    const previous = this.children.get(name)?.view
    const view: ChildView = {
      name,
      status: 'running',
      pid: null,
      exit_code: null,
      last_stderr: [],
      restarts: previous ? previous.restarts + 1 : 0,
    }
    const child = spawnOperator(this.o.cliPath, name, this.args(name), this.env(), (line, stream) => {
      if (stream === 'stderr') view.last_stderr = [...view.last_stderr.slice(-9), line]
      this.o.onLine(name, stream, line, systemClock.now())
    })
    view.pid = child.pid ?? null
    this.children.set(name, { child, view })
    this.report(view)
    void child.exited.then(({ code }) => {
      if (this.children.get(name)?.child !== child) return
      view.status = this.stopping ? 'stopped' : 'dead'
      view.exit_code = code ?? null
      this.report(view)
    })
  }

  private report(view: ChildView): void {
    this.o.onStatus({ ...view, last_stderr: [...view.last_stderr] }, systemClock.now())
  }

  views(): ChildView[] {
    return [...this.children.values()].map(({ view }) => ({ ...view }))
  }

  /** Restarts a child that died (or is running: it is stopped first); nothing once stopping. */
  async restart(name: ChildName): Promise<void> {
    if (this.stopping) return
    await this.children.get(name)?.child.stop()
    this.spawn(name)
  }

  /** Stops every child (SIGTERM, then SIGKILL after a grace period); none is restarted after. */
  async stopAll(): Promise<void> {
    this.stopping = true
    await Promise.all([...this.children.values()].map(({ child }) => child.stop()))
  }
}
