/**
 * The demo's supervisor, shared by the five-panel screen and `--headless`:
 * brings up the subject's cluster as its own run, spawns `operator monitor`,
 * `operator agent` and `operator workload` as children (modes passed by
 * environment), reports their lines and health, restarts them on request,
 * carries out a person's decisions against the shared database, and stops
 * everything it started — children first, then the cluster.
 *
 * It also polls the database for the screen (a snapshot when something
 * changed) and records every input the view model gets — child lines, child
 * status, snapshots, notices, a scenario's narration — with the time it
 * arrived, so the run can be replayed later without a cluster (`operator
 * replay`).
 */
import { systemClock } from '../core/clock.js'
import { errorMessage, OperatorError } from '../core/errors.js'
import { parseTarget } from '../core/fault-target.js'
import type { KillReport } from '../core/kill-report.js'
import type { Narration } from '../core/narration.js'
import type { RunKind } from '../core/recording-entry.js'
import type { ApprovalMode, Modes, Proposal, SafetyMode } from '../core/records.js'
import { CHILD_NAMES, type ChildName, type ChildView, type Tone } from '../core/run-events.js'
import type { ClusterStatus, FaultResult, Subject, SubjectModule } from '../core/subject.js'
import { killActionContainers } from '../executors/docker/kill-action-containers.js'
import { RunRecorder } from '../recording/recorder.js'
import { recordApproval } from '../safety/approvals.js'
import { cancelUnstartedOfRun } from '../safety/end-run.js'
import { pullKillSwitch } from '../safety/pull-kill-switch.js'
import { resolveSigningKey } from '../safety/token-secret.js'
import type { Store } from '../store/store.js'
import { OperatorChildren } from './operator-children.js'
import { type Snapshot, SnapshotPoller } from './snapshot-poller.js'

export type { Snapshot } from './snapshot-poller.js'

/** How a run is recorded: its kind and metadata of the caller's (a scenario's file and title, say). */
export interface RecordingOptions {
  kind: RunKind
  meta?: Record<string, unknown>
}

export interface SupervisorOptions {
  module: SubjectModule
  /** The operator command line's entry (dist/src/cli/main.js): the children are spawned from it. */
  cliPath: string
  home: string
  store: Store
  intervalMs: number
  /** Modes handed to the children's environment (unset: the database's modes stand). */
  safety?: SafetyMode
  approval?: ApprovalMode
  /** The agent's brain (playbook, llm), handed to its environment; unset: OPERATOR_BRAIN, else the playbook. */
  brain?: string | undefined
  /** A child's line, with the time it arrived (the time the recording keeps). */
  onLine: (source: ChildName, stream: 'stdout' | 'stderr', text: string, at: number) => void
  onChild: (view: ChildView, at: number) => void
  /** The database changed (polled every 500 ms; also right after a decision or a mode change). */
  onSnapshot?: (snapshot: Snapshot, at: number) => void
  /** A notice for people: the supervisor's own (database errors) and the caller's (`notice`). */
  onNotice?: (text: string, tone: Tone, at: number) => void
  /** A scenario's narration changed (`narrate`). */
  onNarration?: (narration: Narration | null, at: number) => void
  /** Recording of the run; `demo` unless told otherwise, `null` records nothing. */
  recording?: RecordingOptions | null
  signal: AbortSignal
}

export class Supervisor {
  private readonly children: OperatorChildren
  private stopped: Promise<void> | null = null
  private cancelled: Proposal[] = []
  /** Null when the run is not recorded. */
  readonly recorder: RunRecorder | null
  private readonly poller: SnapshotPoller

  private constructor(
    private readonly o: SupervisorOptions,
    readonly status: ClusterStatus,
    readonly subject: Subject,
  ) {
    this.recorder = o.recording === null ? null : startRecording(o, status)
    this.children = new OperatorChildren({
      cliPath: o.cliPath,
      home: o.home,
      subject: o.module.name,
      runId: status.run_id,
      intervalMs: o.intervalMs,
      safety: o.safety,
      approval: o.approval,
      brain: o.brain,
      onLine: (name, stream, text, at) => {
        this.recorder?.line(name, stream, text, at)
        this.o.onLine(name, stream, text, at)
      },
      onStatus: (view, at) => {
        this.recorder?.child(view, at)
        this.o.onChild(view, at)
      },
    })
    this.poller = new SnapshotPoller({
      read: () => this.snapshot(),
      clock: systemClock,
      onChange: (snapshot, at) => {
        this.recorder?.snapshot(snapshot, at)
        this.o.onSnapshot?.(snapshot, at)
      },
      onError: (message) => this.notice(message, 'bad'),
    })
  }

  get runId(): string {
    return this.status.run_id
  }

  /** The id the recording is stored under (the run id, unless a recording of that id existed); null when not recorded. */
  get recordingId(): string | null {
    return this.recorder?.runId ?? null
  }

  /** Starts the cluster and the children; on any failure stops what it started and rethrows. */
  static async start(o: SupervisorOptions): Promise<Supervisor> {
    const status = await o.module.up({ home: o.home }, o.signal)
    o.store.append({ run_id: status.run_id, actor: 'demo', type: 'cluster.up', payload: { ...status } })
    let subject: Subject | null = null
    let s: Supervisor | null = null
    try {
      subject = await o.module.open(o.home, status.run_id, { clock: systemClock, log: () => undefined })
      s = new Supervisor(o, status, subject)
      s.poller.poll()
      for (const name of CHILD_NAMES) s.children.spawn(name)
      return s
    } catch (err) {
      s?.poller.stop()
      s?.recorder?.close({ error: errorMessage(err) })
      await subject?.close()
      await o.module.down(o.home, status.run_id)
      throw err
    }
  }

  /** Shows a notice through `onNotice` and records it. */
  notice(text: string, tone: Tone): void {
    const at = systemClock.now()
    this.recordNotice(text, tone, at)
    this.o.onNotice?.(text, tone, at)
  }

  /** Shows a scenario's narration through `onNarration` and records it, so a replay shows the band too. */
  narrate(narration: Narration | null): void {
    const at = systemClock.now()
    this.recorder?.narration(narration, at)
    this.o.onNarration?.(narration, at)
  }

  /** Records a notice shown by someone else (the screen's own outcomes of key presses). */
  recordNotice(text: string, tone: Tone, at: number): void {
    this.recorder?.notice(text, tone, at)
  }

  /** Reads the database now; reports and records the snapshot if it changed. */
  refresh(): void {
    this.poller.poll()
  }

  childViews(): ChildView[] {
    return this.children.views()
  }

  /** Restarts a child that died (or is running: it is stopped first). */
  restart(name: ChildName): Promise<void> {
    return this.children.restart(name)
  }

  snapshot(): Snapshot {
    const s = this.o.store
    return {
      modes: s.modes(),
      tickets: s.tickets({ runId: this.runId }),
      proposals: s.proposals({ status: ['awaiting_approval', 'executing'] }),
    }
  }

  decide(proposalId: string, actor: string, decision: 'approve' | 'reject', expectedHash: string): Proposal {
    const p = recordApproval(
      this.o.store,
      { proposalId, actor, decision, comment: 'from the demo screen', runId: this.runId, expectedHash },
      resolveSigningKey(this.o.home),
    )
    this.refresh()
    return p
  }

  setModes(change: { safety?: SafetyMode; approval?: ApprovalMode }, actor: string): Modes {
    const modes = this.o.store.setModes({ ...change, explicit: true, reason: 'demo screen' }, actor).modes
    this.refresh()
    return modes
  }

  async injectFault(name: string, target: string | null): Promise<FaultResult> {
    const fault = this.subject.faults.find((f) => f.name === name)
    if (!fault)
      throw new OperatorError(
        'usage',
        `unknown fault "${name}"`,
        `use one of: ${this.subject.faults.map((f) => f.name).join(', ')}`,
      )
    const result = await fault.inject(fault.targeted ? parseTarget(target ?? undefined) : { kind: 'none' }, {
      signal: this.o.signal,
      clock: systemClock,
      log: () => undefined,
    })
    this.o.store.append({ run_id: this.runId, actor: 'demo', type: 'fault.injected', payload: { ...result } })
    return result
  }

  async kill(actor: string): Promise<KillReport> {
    const report = await pullKillSwitch(this.o.store, actor, 3000, {
      killContainers: (runIds) => killActionContainers(runIds),
    })
    this.refresh()
    return report
  }

  /** Whether no invariant is violated right now (no grace periods). */
  async steady(signal: AbortSignal): Promise<boolean> {
    return this.subject.checker.evaluate(await this.subject.observe(signal)).length === 0
  }

  /** The run's proposals `stop` cancelled because they never started (reason "run ended"); empty before. */
  get cancelledAtEnd(): readonly Proposal[] {
    return this.cancelled
  }

  /**
   * Stops every child; then cancels the run's proposals that never started
   * (nothing is left to carry them on: see end-run.ts), then the cluster;
   * takes a last snapshot and finishes the recording (`meta` is merged into
   * the run's metadata). Safe to call more than once.
   */
  stop(meta: Record<string, unknown> = {}): Promise<void> {
    if (!this.stopped) {
      this.stopped = (async () => {
        await this.children.stopAll()
        try {
          this.cancelled = cancelUnstartedOfRun(this.o.store, this.runId, this.o.recording?.kind ?? 'demo')
          if (this.cancelled.length > 0)
            this.notice(`run ended: cancelled ${this.cancelled.map((p) => p.id).join(', ')} (never executed)`, 'warn')
        } catch (err) {
          this.notice(`cancelling the run's pending proposals failed: ${errorMessage(err)}`, 'bad')
        }
        await this.subject.close().catch(() => undefined)
        try {
          const down = await this.o.module.down(this.o.home, this.runId)
          this.o.store.append({ run_id: this.runId, actor: 'demo', type: 'cluster.down', payload: { ...down } })
        } catch (err) {
          this.notice(`cluster down failed: ${errorMessage(err)}`, 'bad')
        }
        this.poller.poll()
        this.poller.stop()
        this.recorder?.close(meta)
      })()
    }
    return this.stopped
  }
}

/** Begins the run's recording under the cluster's run id. */
function startRecording(o: SupervisorOptions, status: ClusterStatus): RunRecorder {
  const kind = o.recording?.kind ?? 'demo'
  const meta = {
    cluster: { ...status },
    interval_ms: o.intervalMs,
    safety: o.safety ?? null,
    approval: o.approval ?? null,
    ...(o.recording?.meta ?? {}),
  }
  const runId = o.store.beginRun({
    id: status.run_id,
    subject: o.module.name,
    kind,
    started_at: systemClock.now(),
    meta,
  })
  return new RunRecorder({
    sink: o.store,
    runId,
    clock: systemClock,
    onError: (message) => o.onNotice?.(message, 'bad', systemClock.now()),
  })
}
