/**
 * The subject model: a real distributed system plus what the operator knows
 * about it (DESIGN.md, "Subjects"). Generic over the subject's observation type
 * so that the monitor and agent stay subject-agnostic while each subject keeps
 * precise types.
 */

import type { ActionContext, ActionDefinition, ActionSpec } from './action.js'
import type { Clock } from './clock.js'
import type { WorkloadStat } from './workload-stat.js'

/** Fields every observation has, whatever the subject. */
export interface BaseObservation {
  subject: string
  run_id: string
  /** When the poll started, ms since the epoch. */
  at: number
  /** How long the poll took. */
  duration_ms: number
}

export type Severity = 'warning' | 'critical'

/** One broken invariant, as found in one observation. */
export interface Violation {
  /** Invariant id, e.g. `members_healthy`. */
  invariant: string
  /** Deduplication key: the invariant plus its target, e.g. `members_healthy:m2`. */
  key: string
  severity: Severity
  /** What it is about: a member name, or null for the cluster as a whole. */
  target: string | null
  message: string
  /** Facts from the observation that show the violation. Redacted before storage. */
  evidence: Record<string, unknown>
  /** How it stands in the whole observation (root or consequence), when the playbook triaged it. */
  triage?: Triage
}

/**
 * How one violation stands among all of one observation's (Playbook.triage):
 * a root is repaired on its own; a consequence follows from a root (a running
 * member that fails reads because quorum is gone), is never acted on, and
 * resolves with it.
 */
export interface Triage {
  /** The key of the root violation this one follows from; null: it is a root. */
  cause: string | null
  /** Among roots, higher is repaired first: what restores service fastest (missing members first). */
  priority: number
  /** Why, in words: shown with the ticket. */
  reason: string
  /** A consequence that cannot clear before its root is repaired (quorum is lost), rather than one still settling. */
  blocked?: boolean
}

/** Context the checker needs beyond the observation. */
export interface CheckContext {
  /** Times (ms) at which the operator itself changed the cluster: actions and faults. */
  operatorChanges: readonly number[]
}

export interface InvariantChecker<O extends BaseObservation> {
  /**
   * Stateful check over a stream of observations: applies grace periods and
   * windows (elections that complete within the grace raise nothing).
   */
  check(observation: O, context: CheckContext): Violation[]
  /**
   * Stateless check of one observation, without grace periods: is the condition
   * true right now? Used before executing (supersede) and when verifying.
   */
  evaluate(observation: O): Violation[]
}

export type { ActionContext, ActionDefinition, ActionKind, ActionResult, ActionSpec, Risk, Tier } from './action.js'

/** Where a fault lands. */
export type FaultTarget =
  | { kind: 'member'; name: string }
  | { kind: 'leader' }
  | { kind: 'follower' }
  | { kind: 'none' }

export interface FaultResult {
  fault: string
  /** The member(s) it hit. */
  targets: string[]
  summary: string
  details?: Record<string, unknown>
}

export interface FaultDefinition {
  name: string
  description: string
  /** Whether `--target` is meaningful. */
  targeted: boolean
  inject(target: FaultTarget, ctx: ActionContext): Promise<FaultResult>
}

/** One step of a remediation plan: an action and its parameters. */
export interface PlannedAction {
  action: string
  params: Record<string, unknown>
}

/** A ranked remediation candidate: one or more steps, verified after the last. */
export interface Candidate {
  steps: PlannedAction[]
  rationale: string
  evidence: Record<string, unknown>
  /** Higher is tried first. */
  score: number
  /** A plan that gathers data and repairs nothing (a diagnostic script): not verified against the violation; its result goes back to the brain. */
  diagnostic?: boolean
}

/** One attempt of a plan that did not repair the violation, as an escalation reports it to a person. */
export interface FailedAttempt {
  proposal_id: string
  action: string
  params: Record<string, unknown>
  /** How it ended: failed, verify_failed, denied, invalid, expired, refused. */
  outcome: string
  /** The action's summary, or the loop's reason when the action did not run. */
  summary: string
  /** The action's error when it ran and failed; null otherwise. */
  error: string | null
  /** The action's details when it ran (its log excerpt, the cause it found…); {} otherwise. */
  details: Record<string, unknown>
}

export interface Playbook<O extends BaseObservation> {
  /**
   * Roots and consequences among one observation's violations, by key. A key
   * it leaves out is a root of priority 0. Absent: every violation is a root.
   */
  triage?(violations: readonly Violation[], observation: O): ReadonlyMap<string, Triage>
  /** Candidates for one violation, best first. Empty: a person must decide. */
  candidates(violation: Violation, observation: O): Candidate[]
  /**
   * What a person should consider once these attempts have failed and the
   * ticket escalates (replace the member, free its port…); null: nothing to add.
   */
  advise?(violation: Violation, failures: readonly FailedAttempt[]): string | null
}

/** Start/stop/status of the cluster's members. */
export interface SubjectRuntime {
  kind: 'process' | 'docker'
}

export interface Subject<O extends BaseObservation = BaseObservation> {
  name: string
  run_id: string
  observe(signal: AbortSignal): Promise<O>
  checker: InvariantChecker<O>
  actions: ActionDefinition<unknown>[]
  faults: FaultDefinition[]
  playbook: Playbook<O>
  /** One short line per observation for people (headless output). */
  summarize(observation: O): string
  /** Why these params make the action riskier than its base risk here and now (targets the leader, removes capacity…). */
  riskFactors?(action: string, params: Record<string, unknown>, observation: O): string[]
  /** The decisive lines (warnings, errors) of one member's own log, the last `lines` of them; unredacted. */
  logTail?(member: string, lines: number): Promise<string[]>
  /** Releases clients and timers. */
  close(): Promise<void>
}

/** A member as `operator cluster status` reports it. */
export interface MemberStatus {
  name: string
  client_url: string
  peer_url: string
  pid: number | null
  /** Process state as the runtime sees it: paused means SIGSTOP/docker pause; unknown on an attached cluster. */
  state: 'running' | 'paused' | 'exited' | 'unknown'
  /** Docker runtime: the member's container. */
  container?: string
  /** Attached cluster: whether the member answered a status call just now. */
  answers?: boolean
}

export interface ClusterStatus {
  run_id: string
  subject: string
  /** What runs the members; `attached`: a cluster Operator did not start and never stops. */
  runtime: SubjectRuntime['kind'] | 'attached'
  /** The member the leader should sit on. */
  preferred: string
  members: MemberStatus[]
  /** False: faults are refused on this run (a cluster attached without --allow-faults); absent: allowed. */
  faults_allowed?: boolean
}

export interface ClusterUpOptions {
  /** OPERATOR_HOME: runs live under `<home>/runs/<id>/`. */
  home: string
  preferred?: string
  quotaBytes?: number
  /** What runs the members: local processes (default) or Docker containers. */
  runtime?: SubjectRuntime['kind']
  /**
   * The run's id. A named run starts beside the runs already up (one monitor
   * and agent can watch them all with `--runs`); unnamed, a second run is
   * refused while the current one is alive.
   */
  name?: string
  /** How many members (subjects that can size their cluster; the default is the subject's own). */
  members?: number
}

/** `operator cluster attach`: a cluster Operator did not start, reached with credentials read from files. */
export interface AttachOptions {
  home: string
  /** The run's name: its id, and what `cluster detach` takes. */
  name: string
  /** Client URLs, `https://host:port`. */
  endpoints: string[]
  /** CA of the servers' certificates (`--cacert`); the system CAs when absent. */
  caFile?: string
  /** Client certificate and its key (`--cert`, `--key`), for clusters started with client-cert auth. */
  certFile?: string
  keyFile?: string
  user?: string
  /** File whose first line is the password of `user` (`--password-file`). */
  passwordFile?: string
  /** What restarts a member: nothing (a person is told the command), its systemd unit, or its container. */
  adapter: 'none' | 'systemd' | 'docker'
  /** Member → systemd unit (the allowlist of what may be restarted). */
  units: Record<string, string>
  /** Member → container name. */
  containers: Record<string, string>
  /** Faults are refused on the run unless given. */
  allowFaults: boolean
  preferred?: string
  quotaBytes?: number
}

export interface SubjectDeps {
  clock: Clock
  /** Structured log lines (pino child logger bound to the process). */
  log: (message: string, fields?: Record<string, unknown>) => void
}

/**
 * Steady client load against a subject's cluster (DESIGN.md, "Processes":
 * `operator workload`). One client for the whole cluster, not one per member,
 * so load fails over to the surviving members when one dies.
 */
export interface WorkloadClient {
  /**
   * One unit of load (for etcd: a put, then a get of the same key). `seq`
   * numbers the ops from 0; the subject maps it onto a bounded set of keys.
   * Resolves when the op succeeded; rejects when it failed, preferably with a
   * WorkloadOpError naming the kind of failure. Never retries, and each call
   * to the cluster carries its own deadline, so it settles in bounded time.
   * `signal` aborts the workload: an op may skip its remaining calls.
   */
  op(seq: number, signal: AbortSignal): Promise<void>
  /**
   * The subject's own measures of the load since the last call (the
   * ratelimiter's most admitted per key window against the limit, its 429
   * share), reported with every sample and shown in the Workload panel.
   */
  stats?(now: number): WorkloadStat[]
  /** Releases the client's connections. Call after in-flight ops have settled. */
  close(): Promise<void>
}

/** A failed workload op, classified by the subject from the client's typed errors. */
export class WorkloadOpError extends Error {
  /** A short class of the failure for charts and counts: `deadline`, `unavailable`, `nospace`, `other`, … */
  readonly kind: string

  constructor(kind: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'WorkloadOpError'
    this.kind = kind
  }
}

/** A subject's observation as rows for the Cluster panel. */
export interface ClusterTable {
  /** One line above the table, e.g. `leader m1 (preferred m1) · quota 16.0 MB`. */
  headline: string
  columns: string[]
  rows: { cells: string[]; tone: 'ok' | 'warn' | 'bad' }[]
}

/** A fault as the menu and scenario checks know it, before any cluster is open. */
export interface FaultMenuEntry {
  name: string
  targeted: boolean
  /** Only these runtimes can inject it (a partition needs a peer network); every runtime when omitted. */
  runtimes?: readonly SubjectRuntime['kind'][]
  /** The members a targeted fault can land on (a replica link only on Redis nodes); every member when omitted. */
  targets?: readonly string[]
}

/**
 * What the CLI needs to drive one kind of subject: bring a cluster up and
 * down, report it, and open it for observation and action. The current run
 * is found through OPERATOR_HOME, so every terminal acts on the same cluster.
 */
export interface SubjectModule {
  name: string
  up(options: ClusterUpOptions, signal: AbortSignal): Promise<ClusterStatus>
  /** Stops exactly the members of that run (the current one when runId is omitted). */
  down(home: string, runId?: string): Promise<{ run_id: string; stopped: string[] }>
  /** Registers a cluster Operator did not start as a run (nothing is started); absent when the subject cannot. */
  attach?(options: AttachOptions, signal: AbortSignal): Promise<ClusterStatus>
  /** Forgets an attached run; never stops anything. */
  detach?(home: string, name: string): Promise<{ run_id: string }>
  status(home: string, runId?: string): Promise<ClusterStatus>
  /** Id of the current run, or null when none is up. */
  currentRun(home: string): string | null
  /**
   * This subject's runs under the home that are up (not taken down; for runs
   * Operator started, a member still alive), oldest first: what `--runs all` supervises.
   */
  liveRuns(home: string): string[]
  open(home: string, runId: string | undefined, deps: SubjectDeps): Promise<Subject>
  /** Invariant ids this subject checks, in display order. */
  invariants: readonly string[]
  /**
   * The subject's own actions as data, known without a cluster (the static
   * catalogue); `open` binds them to a run. The registry adds the generic
   * Docker, sandbox and host actions to both.
   */
  catalogue: readonly ActionSpec[]
  /** The members every run of this subject has, by name. */
  members: readonly string[]
  /** Faults a person can pick in the TUI, with whether they take a member target and the runtimes they need (all when omitted). */
  faultMenu: readonly FaultMenuEntry[]
  /** Renders an observation (as received over NDJSON) for the Cluster panel; null if it is not one of this subject's. */
  clusterTable(observation: unknown): ClusterTable | null
  /**
   * Opens a load-generating client on that run (the current one when runId is
   * undefined). Throws OperatorError('not_found') when no such run is up,
   * before connecting to anything.
   */
  openWorkload(home: string, runId: string | undefined, deps: SubjectDeps): Promise<WorkloadClient>
}
