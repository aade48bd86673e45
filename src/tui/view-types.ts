/**
 * The shapes the view model holds and the screen draws: children, log lines,
 * workload samples, overlays, where a replay is, the panels.
 */
import type { Tone } from '../core/run-events.js'
import type { WorkloadStat } from '../core/workload-stat.js'

export type { ChildName, ChildView, ReplayStatus, Tone } from '../core/run-events.js'
export { CHILD_NAMES } from '../core/run-events.js'

export interface LogLine {
  at: number
  text: string
  tone: Tone
  /** Ticket the line belongs to, for grouping in the Agent panel. */
  ticket_id?: string
  /** A line still being written (a model's answer as it streams): the next line with the same key replaces it. */
  stream?: string
  /** The whole of a folded line (a model's answer, a tool call and its result): one row on screen, enter shows this. */
  detail?: string
}

/** The agent's brain as its `agent.started` line says: `playbook` or `llm`, and the model when there is one. */
export interface BrainView {
  readonly name: string
  readonly model: string | null
}

/** What the screen assumes before the agent says: the playbook. */
export const PLAYBOOK_BRAIN: BrainView = { name: 'playbook', model: null }

export interface WorkloadSample {
  at: number
  ops_per_s: number
  p99_ms: number
  errors: number
  /** The subject's own measures of the load (none for etcd). */
  stats: WorkloadStat[]
}

export interface InvariantView {
  id: string
  ok: boolean
}

export type ClusterHealth = 'unknown' | 'healthy' | 'degraded' | 'repairing'

export type Overlay =
  | { kind: 'help'; extra?: readonly (readonly [key: string, what: string])[] }
  | { kind: 'faults'; items: { label: string; fault: string; target: string | null }[]; selected: number }
  | { kind: 'confirm_kill' }
  /** `m` while the kill switch is latched: leaving the latch for execute mode is confirmed like pulling it. */
  | { kind: 'confirm_unlatch' }
  /** `scroll`: lines scrolled past at the top, for messages taller than the screen (a scenario's report). */
  | { kind: 'message'; title: string; lines: string[]; tone?: Tone; scroll?: number }
  | { kind: 'filter'; text: string }

export const PANELS = ['cluster', 'workload', 'monitor', 'agent', 'proposals'] as const
export type PanelName = (typeof PANELS)[number]
