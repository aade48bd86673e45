/**
 * The demo's supervisor, shared by the five-panel screen and `--headless`:
 * brings up the subject's cluster as its own run, spawns `operator monitor`,
 * `operator agent` and `operator workload` as children (modes passed by
 * environment), reports their lines and health, restarts them on request,
 * carries out a person's decisions against the shared database, and stops
 * everything it started — children first, then the cluster.
 */
import { systemClock } from '../core/clock.js'
import { errorMessage, OperatorError } from '../core/errors.js'
import type { ApprovalMode, Modes, Proposal, SafetyMode, Ticket } from '../core/records.js'
import type { ClusterStatus, FaultResult, Subject, SubjectModule } from '../core/subject.js'
import { type Child, spawnOperator } from '../cli/children.js'
import { SUPERVISOR_PID_ENV } from '../cli/context.js'
import { parseTarget } from '../cli/fault.js'
import { type KillReport, pullKillSwitch } from '../safety/pull-kill-switch.js'
import { resolveSigningKey } from '../safety/token-secret.js'
import type { Store } from '../store/store.js'
import { CHILD_NAMES, type ChildName, type ChildView } from './view-model.js'

export interface SupervisorOptions {
  module: SubjectModule
  home: string
  store: Store
  intervalMs: number
  /** Modes handed to the children's environment (unset: the database's modes stand). */
  safety?: SafetyMode
  approval?: ApprovalMode
  onLine: (source: ChildName, stream: 'stdout' | 'stderr', text: string) => void
  onChild: (view: ChildView) => void
  signal: AbortSignal
}

export interface Snapshot {
  modes: Modes
  tickets: Ticket[]
  proposals: Proposal[]
}

export class Supervisor {
  private readonly children = new Map<ChildName, { child: Child; view: ChildView }>()
  private stopping = false
  private stopped: Promise<void> | null = null

  private constructor(
    private readonly o: SupervisorOptions,
    readonly status: ClusterStatus,
    readonly subject: Subject,
  ) {}

  get runId(): string {
    return this.status.run_id
  }

  /** Starts the cluster and the children; on any failure stops what it started and rethrows. */
  static async start(o: SupervisorOptions): Promise<Supervisor> {
    const status = await o.module.up({ home: o.home }, o.signal)
    o.store.append({ run_id: status.run_id, actor: 'demo', type: 'cluster.up', payload: { ...status } })
    let subject: Subject | null = null
    try {
      subject = await o.module.open(o.home, status.run_id, { clock: systemClock, log: () => undefined })
      const s = new Supervisor(o, status, subject)
      for (const name of CHILD_NAMES) s.spawn(name)
      return s
    } catch (err) {
      await subject?.close()
      await o.module.down(o.home, status.run_id)
      throw err
    }
  }

  private args(name: ChildName): string[] {
    const common = ['--subject', this.o.module.name, '--run', this.runId]
    if (name === 'monitor') return ['monitor', ...common, '--interval', String(this.o.intervalMs)]
    if (name === 'agent') return ['agent', ...common]
    return ['workload', ...common, '--sample-ms', '1000']
  }

  private spawn(name: ChildName): void {
    const env: Record<string, string> = { ...(process.env as Record<string, string>), OPERATOR_HOME: this.o.home, [SUPERVISOR_PID_ENV]: String(process.pid) }
    if (this.o.safety) env.OPERATOR_SAFETY_MODE = this.o.safety
    if (this.o.approval) env.OPERATOR_APPROVAL_MODE = this.o.approval
    const previous = this.children.get(name)?.view
    const view: ChildView = { name, status: 'running', pid: null, exit_code: null, last_stderr: [], restarts: previous ? previous.restarts + 1 : 0 }
    const child = spawnOperator(name, this.args(name), env, (line, stream) => {
      if (stream === 'stderr') view.last_stderr = [...view.last_stderr.slice(-9), line]
      this.o.onLine(name, stream, line)
    })
    view.pid = child.pid ?? null
    this.children.set(name, { child, view })
    this.o.onChild({ ...view })
    void child.exited.then(({ code }) => {
      const current = this.children.get(name)
      if (current?.child !== child) return
      view.status = this.stopping ? 'stopped' : 'dead'
      view.exit_code = code ?? null
      this.o.onChild({ ...view })
    })
  }

  childViews(): ChildView[] {
    return [...this.children.values()].map(({ view }) => ({ ...view }))
  }

  /** Restarts a child that died (or is running: it is stopped first). */
  async restart(name: ChildName): Promise<void> {
    if (this.stopping) return
    await this.children.get(name)?.child.stop()
    this.spawn(name)
  }

  snapshot(): Snapshot {
    const s = this.o.store
    return { modes: s.modes(), tickets: s.tickets({ runId: this.runId }), proposals: s.proposals({ status: ['awaiting_approval', 'executing'] }) }
  }

  decide(proposalId: string, actor: string, decision: 'approve' | 'reject', expectedHash: string): Proposal {
    return this.o.store.recordApproval({ proposalId, actor, decision, comment: 'from the demo screen', runId: this.runId, expectedHash }, resolveSigningKey(this.o.home))
  }

  setModes(change: { safety?: SafetyMode; approval?: ApprovalMode }, actor: string): Modes {
    return this.o.store.setModes({ ...change, explicit: true, reason: 'demo screen' }, actor).modes
  }

  async injectFault(name: string, target: string | null): Promise<FaultResult> {
    const fault = this.subject.faults.find((f) => f.name === name)
    if (!fault) throw new OperatorError('usage', `unknown fault "${name}"`, `use one of: ${this.subject.faults.map((f) => f.name).join(', ')}`)
    const result = await fault.inject(fault.targeted ? parseTarget(target ?? undefined) : { kind: 'none' }, { signal: this.o.signal, clock: systemClock, log: () => undefined })
    this.o.store.append({ run_id: this.runId, actor: 'demo', type: 'fault.injected', payload: { ...result } })
    return result
  }

  kill(actor: string): Promise<KillReport> {
    return pullKillSwitch(this.o.store, actor, 3000)
  }

  /** Whether no invariant is violated right now (no grace periods). */
  async steady(signal: AbortSignal): Promise<boolean> {
    return this.subject.checker.evaluate(await this.subject.observe(signal)).length === 0
  }

  /** Stops every child, then the cluster. Safe to call more than once. */
  stop(): Promise<void> {
    if (!this.stopped) {
      this.stopping = true
      this.stopped = (async () => {
        await Promise.all([...this.children.values()].map(({ child }) => child.stop()))
        await this.subject.close().catch(() => undefined)
        try {
          const down = await this.o.module.down(this.o.home, this.runId)
          this.o.store.append({ run_id: this.runId, actor: 'demo', type: 'cluster.down', payload: { ...down } })
        } catch (err) {
          this.o.onLine('monitor', 'stderr', `cluster down failed: ${errorMessage(err)}`)
        }
      })()
    }
    return this.stopped
  }
}
