/**
 * The store: one handle on the shared SQLite database, the durable source of
 * truth and the bus between monitor, agent, CLI and TUI. The functions behind
 * it take the raw handle so they can compose inside one transaction; this
 * facade binds them to a database and a clock for everyone else.
 */
import type { Clock } from '../core/clock.js'
import { systemClock } from '../core/clock.js'
import { isPgUrl } from '../core/db-url.js'
import type { NewRun } from '../core/recording-entry.js'
import type { NewEvent } from '../core/records.js'
import type { ClusterStatus, Triage } from '../core/subject.js'
import * as agents from './agents.js'
import * as approvals from './approvals.js'
import * as audit from './audit-log.js'
import * as clusterRuns from './cluster-runs.js'
import * as faultRequests from './fault-requests.js'
import * as handoffs from './handoffs.js'
import * as modes from './modes.js'
import { type Db, type OpenOptions, openDatabase } from './open-database.js'
import { openPostgres } from './pg/open-pg.js'
import * as proposals from './proposals.js'
import * as recordings from './recordings.js'
import { knownRunIds } from './runs.js'
import { deferTicket } from './ticket-defer.js'
import { type TakeTicket, takeTicket } from './ticket-take.js'
import * as tickets from './tickets.js'
import { writeTx } from './tx.js'

export class Store {
  readonly db: Db
  readonly clock: Clock
  readonly path: string

  constructor(path: string, options: OpenOptions & { clock?: Clock } = {}) {
    this.path = path
    this.db = isPgUrl(path) ? openPostgres(path) : openDatabase(path, options)
    this.clock = options.clock ?? systemClock
  }

  close(): void {
    if (this.db.open) this.db.close()
  }

  private now(): number {
    return this.clock.now()
  }

  // audit log
  append(event: NewEvent) {
    const prepared = audit.prepareEvent(event)
    return writeTx(this.db, () => audit.appendEvent(this.db, prepared, this.now()))
  }
  events(q?: audit.EventQuery) {
    return audit.listEvents(this.db, q)
  }
  verifyChain() {
    return audit.verifyChain(this.db)
  }
  /** Times of the operator's own recent changes to the cluster (executions and faults). */
  operatorChanges(runId: string, sinceTs: number): number[] {
    return audit
      .listEvents(this.db, { runId, sinceTs, types: ['proposal.executing', 'proposal.executed', 'fault.injected'] })
      .map((e) => e.ts)
  }

  // faults asked for on another host (fault-requests.ts)
  requestFault(r: { runId: string; fault: string; target: string | null; by: string }) {
    return faultRequests.requestFault(this.db, r, this.now())
  }
  faultRequest(id: string) {
    return faultRequests.faultRequest(this.db, id)
  }
  takeFault(runId: string, by: string) {
    return faultRequests.takeFault(this.db, runId, by)
  }
  finishFault(
    id: string,
    status: 'done' | 'failed' | 'refused' | 'cancelled',
    result: Record<string, unknown>,
    actor: string,
  ) {
    return faultRequests.finishFault(this.db, id, status, result, actor, this.now())
  }

  // the run registry (cluster-runs.ts)
  publishRun(run: { status: ClusterStatus; host: string; home: string }, event: NewEvent) {
    clusterRuns.publishRun(this.db, run, event, this.now())
  }
  retireRun(runId: string, event: NewEvent) {
    clusterRuns.retireRun(this.db, runId, event, this.now())
  }
  registeredRun(id: string) {
    return clusterRuns.registeredRun(this.db, id)
  }
  registeredRuns() {
    return clusterRuns.registeredRuns(this.db)
  }

  /** Run ids this database has seen (clusters brought up, agents started, executions). */
  runIds() {
    return knownRunIds(this.db)
  }

  // modes
  /** The run a proposal belongs to (undefined: no such proposal). */
  proposalRun(proposalId: string) {
    return proposals.proposalRun(this.db, proposalId)
  }
  /** The global modes, or those that hold for one run. */
  modes(runId?: string) {
    return modes.getModes(this.db, runId)
  }
  setModes(change: modes.ModeChange, actor: string) {
    return modes.setModes(this.db, change, actor, this.now())
  }
  applyEnvModes(env: NodeJS.ProcessEnv, actor: string) {
    return modes.applyEnvModes(this.db, env, actor, this.now())
  }

  // tickets
  ticket(id: string) {
    return tickets.getTicket(this.db, id)
  }
  tickets(q?: tickets.TicketQuery) {
    return tickets.listTickets(this.db, q)
  }
  upsertViolation(...args: Parameters<typeof tickets.upsertViolation> extends [Db, ...infer R, number] ? R : never) {
    return tickets.upsertViolation(this.db, ...args, this.now())
  }
  resolveAbsent(runId: string, presentKeys: ReadonlySet<string>, actor: string) {
    return tickets.resolveAbsent(this.db, runId, presentKeys, actor, this.now())
  }
  openTaskTicket(runId: string, subject: string, task: Parameters<typeof tickets.openTaskTicket>[3], holder: string) {
    return tickets.openTaskTicket(this.db, runId, subject, task, holder, this.now())
  }
  claimTicket(o: tickets.ClaimOptions) {
    return tickets.claimTicket(this.db, o, this.now())
  }
  finishTicket(
    id: string,
    agentId: string,
    status: 'open' | 'escalated' | 'resolved',
    reason: string,
    escalationReason: string | null = null,
    /** What a person needs to know of an escalation: carried in the event's payload. */
    evidence?: Record<string, unknown>,
  ) {
    return tickets.finishTicket(this.db, id, agentId, status, reason, this.now(), escalationReason, evidence)
  }

  /** Claims one named open or escalated ticket (ticket-take.ts). */
  takeTicket(t: TakeTicket) {
    return takeTicket(this.db, t, this.now())
  }

  /** Hands a held ticket back as a consequence of its root (ticket-defer.ts). */
  deferTicket(id: string, agentId: string, triage: Triage) {
    return deferTicket(this.db, id, agentId, triage, this.now())
  }

  // proposals and approvals
  proposal(id: string) {
    return proposals.getProposal(this.db, id)
  }
  proposals(q?: proposals.ProposalQuery) {
    return proposals.listProposals(this.db, q)
  }
  createProposal(p: proposals.NewProposal) {
    return proposals.createProposal(this.db, p, this.now())
  }
  transition(
    id: string,
    expectedVersion: number,
    to: Parameters<typeof proposals.transitionProposal>[3],
    o: proposals.TransitionOptions,
  ) {
    return proposals.transitionProposal(this.db, id, expectedVersion, to, o, this.now())
  }
  executingAgent(id: string) {
    return proposals.executingAgent(this.db, id)
  }
  approvals(proposalId: string) {
    return approvals.listApprovals(this.db, proposalId)
  }

  // recorded runs
  /** Starts recording a run; returns the id it is stored under. */
  beginRun(run: NewRun): string {
    return recordings.beginRun(this.db, run)
  }
  appendRecording(runId: string, rows: readonly recordings.RecordingRow[]): void {
    recordings.appendRecording(this.db, runId, rows)
  }
  endRun(runId: string, endedAt: number, meta: Record<string, unknown>): void {
    recordings.endRun(this.db, runId, endedAt, meta)
  }
  recordedRuns() {
    return recordings.listRuns(this.db)
  }
  recordedRun(id: string) {
    return recordings.getRun(this.db, id)
  }
  recording(runId: string) {
    return recordings.readRecording(this.db, runId)
  }
  /** Deletes recorded runs (not their audit events); returns the entries deleted. */
  deleteRecordedRuns(ids: readonly string[]): number {
    return recordings.deleteRuns(this.db, ids)
  }

  // session handoffs
  appendHandoff(h: handoffs.NewHandoff) {
    return handoffs.appendHandoff(this.db, h, this.now())
  }
  /** The newest handoffs, newest first. */
  handoffs(limit?: number) {
    return handoffs.listHandoffs(this.db, limit)
  }

  // agents
  registerAgent(a: { id: string; pid: number; subject: string; runId: string }) {
    return agents.registerAgent(this.db, a, this.now())
  }
  heartbeat(id: string) {
    agents.heartbeat(this.db, id, this.now())
  }
  stopAgent(id: string, runId: string | null, reason: string) {
    agents.stopAgent(this.db, id, runId, reason, this.now())
  }
  liveAgents(staleBefore: number) {
    return agents.liveAgents(this.db, staleBefore)
  }
  unstoppedAgents() {
    return agents.unstoppedAgents(this.db)
  }
  /** Live agents of other hosts: the kill switch reaches them by NOTIFY, not by signal. */
  remoteAgents(staleBefore: number) {
    return agents.remoteAgents(this.db, staleBefore)
  }
}
