/**
 * What the screen's keys may ask of a live run. The supervisor provides it;
 * the screen only renders its view model and turns keys into these intents,
 * so it never reaches the cluster, the database or the kill switch itself.
 */
import type { KillReport } from '../core/kill-report.js'
import type { ApprovalMode, Modes, Proposal, SafetyMode } from '../core/records.js'
import type { ChildName, Tone } from '../core/run-events.js'
import type { FaultResult } from '../core/subject.js'

export interface RunControls {
  /** Records a notice the screen showed, so a replay shows it at the same moment. */
  recordNotice(text: string, tone: Tone, at: number): void
  /** A person's approval or rejection, bound to the content hash the screen showed. */
  decide(proposalId: string, actor: string, decision: 'approve' | 'reject', expectedHash: string): Proposal
  setModes(change: { safety?: SafetyMode; approval?: ApprovalMode }, actor: string): Modes
  /** Into one run of the supervisor's (null: its first, or only, run). */
  injectFault(name: string, target: string | null, runId: string | null): Promise<FaultResult>
  /** Why faults cannot be injected on that run (null: its first or only run); null when they can. */
  faultRefusal(runId: string | null): string | null
  kill(actor: string): Promise<KillReport>
  /** The database's modes (and more) as polled now. */
  snapshot(): { modes: Modes }
  restart(name: ChildName): Promise<void>
}
