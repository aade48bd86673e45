/**
 * The demo's supervisor, shared by the five-panel screen and `--headless`:
 * brings up the subject's cluster as its own run (or several clusters as
 * named runs side by side, watched by one monitor and one agent with
 * `--runs`), spawns `operator monitor`, `operator agent` and `operator
 * workload` (on the first run) as children (modes passed by environment),
 * reports their lines and health, restarts them on request, carries out a
 * person's decisions against the shared database, and stops everything it
 * started — children first, then every cluster.
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
import type { RunRecorder } from '../recording/recorder.js'
import { recordApproval } from '../safety/approvals.js'
import { pullKillSwitch } from '../safety/pull-kill-switch.js'
import { resolveSigningKey } from '../safety/token-secret.js'
import type { Store } from '../store/store.js'
import { bringUp, closeAndDown, endRun, type SupervisedRun } from './demo-runs.js'
import { OperatorChildren } from './operator-children.js'
import { type Snapshot, SnapshotPoller } from './snapshot-poller.js'
import { startRecording } from './start-recording.js'

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
  /** Clusters of the subject, 1 (default) to MAX_CLUSTERS: more than one are named runs under one monitor and agent. */
  clusters?: number
  /** Runs already up to supervise instead of starting clusters (`demo --run`): left running at the end. */
  existing?: readonly string[]
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
    /** Every cluster started, in order; the first is the run the workload drives and the recording is kept under. */
    readonly runs: readonly SupervisedRun[],
  ) {
    this.recorder = o.recording === null ? null : startRecording(o, runs)
    this.children = new OperatorChildren({
      cliPath: o.cliPath,
      home: o.home,
      subject: o.module.name,
      runId: this.runId,
      runs: this.runIds,
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

  /** The first cluster's status (the only one's, unless `clusters` asked for more). */
  get status(): ClusterStatus {
    return this.first.status
  }

  get subject(): Subject {
    return this.first.subject
  }

  get runId(): string {
    return this.status.run_id
  }

  /** Every run's id, in the order the clusters came up. */
  get runIds(): string[] {
    return this.runs.map((r) => r.status.run_id)
  }

  private get first(): SupervisedRun {
    const run = this.runs[0]
    if (!run) throw new OperatorError('internal', 'a supervisor without a cluster', 'report this as a bug')
    return run
  }

  /** The run of that id (the first when none is given); an id the supervisor did not start is a usage error. */
  run(runId?: string | null): SupervisedRun {
    if (runId === undefined || runId === null) return this.first
    const run = this.runs.find((r) => r.status.run_id === runId)
    if (!run)
      throw new OperatorError(
        'usage',
        `run ${runId} is not one of this demo's`,
        `use one of: ${this.runIds.join(', ')}`,
      )
    return run
  }

  /** Why faults cannot be injected on that run (an attached cluster without --allow-faults); null when they can. */
  faultRefusal(runId: string | null): string | null {
    const id = runId ?? this.runId
    const status = this.runs.find((r) => r.status.run_id === id)?.status
    if (status?.faults_allowed !== false) return null
    return `faults are refused on run ${id}: it is attached (Operator did not start it) and was attached without --allow-faults`
  }

  /** The id the recording is stored under (the run id, unless a recording of that id existed); null when not recorded. */
  get recordingId(): string | null {
    return this.recorder?.runId ?? null
  }

  /** Starts the cluster and the children; on any failure stops what it started and rethrows. */
  static async start(o: SupervisorOptions): Promise<Supervisor> {
    const runs = await bringUp({
      module: o.module,
      home: o.home,
      store: o.store,
      clusters: o.clusters ?? 1,
      ...(o.existing !== undefined && { existing: o.existing }),
      signal: o.signal,
    })
    let s: Supervisor | null = null
    try {
      s = new Supervisor(o, runs)
      s.poller.poll()
      // No load is written into a cluster Operator did not start (an attached run the demo supervises).
      const attached = runs[0]?.status.runtime === 'attached'
      for (const name of CHILD_NAMES) if (!(attached && name === 'workload')) s.children.spawn(name)
      return s
    } catch (err) {
      s?.poller.stop()
      s?.recorder?.close({ error: errorMessage(err) })
      await closeAndDown(o.module, o.home, runs)
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
      tickets: this.runIds.flatMap((runId) => s.tickets({ runId })),
      proposals: s.proposals({ status: ['awaiting_approval', 'executing'] }),
    }
  }

  decide(proposalId: string, actor: string, decision: 'approve' | 'reject', expectedHash: string): Proposal {
    const p = recordApproval(
      this.o.store,
      {
        proposalId,
        actor,
        decision,
        comment: 'from the demo screen',
        runId: this.o.store.proposalRun(proposalId) ?? this.runId,
        expectedHash,
      },
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

  /** Injects a fault into one run (the first when none is given). */
  async injectFault(name: string, target: string | null, runId?: string | null): Promise<FaultResult> {
    const { subject } = this.run(runId)
    const fault = subject.faults.find((f) => f.name === name)
    if (!fault)
      throw new OperatorError(
        'usage',
        `unknown fault "${name}"`,
        `use one of: ${subject.faults.map((f) => f.name).join(', ')}`,
      )
    const result = await fault.inject(fault.targeted ? parseTarget(target ?? undefined) : { kind: 'none' }, {
      signal: this.o.signal,
      clock: systemClock,
      log: () => undefined,
    })
    this.o.store.append({ run_id: subject.run_id, actor: 'demo', type: 'fault.injected', payload: { ...result } })
    return result
  }

  async kill(actor: string): Promise<KillReport> {
    const report = await pullKillSwitch(this.o.store, actor, 3000, {
      killContainers: (runIds) => killActionContainers(runIds),
    })
    this.refresh()
    return report
  }

  /** Whether no invariant of the run (the first when none is given) is violated right now (no grace periods). */
  async steady(signal: AbortSignal, runId?: string): Promise<boolean> {
    const { subject } = this.run(runId)
    return subject.checker.evaluate(await subject.observe(signal)).length === 0
  }

  /** The runs' proposals `stop` cancelled because they never started (reason "run ended"); empty before. */
  get cancelledAtEnd(): readonly Proposal[] {
    return this.cancelled
  }

  /**
   * Stops every child; then cancels the runs' proposals that never started
   * (nothing is left to carry them on: see end-run.ts), then every cluster;
   * takes a last snapshot and finishes the recording (`meta` is merged into
   * the run's metadata). Safe to call more than once.
   */
  stop(meta: Record<string, unknown> = {}): Promise<void> {
    if (!this.stopped) {
      this.stopped = (async () => {
        await this.children.stopAll()
        const ending = {
          module: this.o.module,
          home: this.o.home,
          store: this.o.store,
          actor: this.o.recording?.kind ?? 'demo',
          several: this.runs.length > 1,
          notice: (text: string, tone: Tone) => this.notice(text, tone),
        }
        this.cancelled = (await Promise.all(this.runs.map((run) => endRun(run, ending)))).flat()
        this.poller.poll()
        this.poller.stop()
        this.recorder?.close(meta)
      })()
    }
    return this.stopped
  }
}
