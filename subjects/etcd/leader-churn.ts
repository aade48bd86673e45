/**
 * Remembers leader changes over time and counts those in the churn window
 * that the operator did not cause itself.
 */
import type { EtcdCheckerConfig } from './checker-config.js'

/** One observed change of leader. */
export interface LeaderChange {
  at: number
  from: string
  to: string
}

export class LeaderChurn {
  private lastLeader: string | null = null
  private changes: LeaderChange[] = []

  constructor(private readonly config: EtcdCheckerConfig) {}

  /** Records the leader seen at `at` (null: none); a different non-null leader is a change. */
  record(at: number, leader: string | null): void {
    if (leader === null) return
    if (this.lastLeader !== null && leader !== this.lastLeader)
      this.changes.push({ at, from: this.lastLeader, to: leader })
    this.lastLeader = leader
    this.changes = this.changes.filter((c) => c.at > at - this.config.churnWindowMs)
  }

  /**
   * Whether the operator caused a change: it lies within the grace of an
   * operator change, on either side, because an action or fault may be
   * recorded only after its effect was already observed.
   */
  private causedByOperator(change: LeaderChange, operatorChanges: readonly number[]): boolean {
    return operatorChanges.some((t) => Math.abs(change.at - t) <= this.config.operatorChangeGraceMs)
  }

  /** Changes within the window ending at `now`, split by cause. */
  window(now: number, operatorChanges: readonly number[]): { counted: LeaderChange[]; excluded: LeaderChange[] } {
    const recent = this.changes.filter((c) => c.at > now - this.config.churnWindowMs && c.at <= now)
    return {
      counted: recent.filter((c) => !this.causedByOperator(c, operatorChanges)),
      excluded: recent.filter((c) => this.causedByOperator(c, operatorChanges)),
    }
  }
}
