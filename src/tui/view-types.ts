/**
 * The shapes the view model holds and the screen draws: children, log lines,
 * workload samples, overlays, where a replay is, the panels.
 */
export const CHILD_NAMES = ['monitor', 'agent', 'workload'] as const
export type ChildName = (typeof CHILD_NAMES)[number]

export interface ChildView {
  name: ChildName
  status: 'starting' | 'running' | 'dead' | 'stopped'
  pid: number | null
  exit_code: number | null
  /** Last stderr lines (bounded), shown when the child died. */
  last_stderr: string[]
  restarts: number
}

export type Tone = 'info' | 'good' | 'warn' | 'bad'

export interface LogLine {
  at: number
  text: string
  tone: Tone
  /** Ticket the line belongs to, for grouping in the Agent panel. */
  ticket_id?: string
}

export interface WorkloadSample {
  at: number
  ops_per_s: number
  p99_ms: number
  errors: number
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
  /** `scroll`: lines scrolled past at the top, for messages taller than the screen (a scenario's report). */
  | { kind: 'message'; title: string; lines: string[]; tone?: Tone; scroll?: number }
  | { kind: 'filter'; text: string }

/** Where a replay is: recorded time, position and pace. */
export interface ReplayStatus {
  /** Recorded time now (ms since the epoch). */
  at: number
  /** Since the first entry, and the recording's length. */
  elapsed_ms: number
  total_ms: number
  /** Entries applied, of all. */
  position: number
  entries: number
  /** Replay speed: a factor of real time, or as fast as possible. */
  speed: number | 'max'
  paused: boolean
  ended: boolean
}

export const PANELS = ['cluster', 'workload', 'monitor', 'agent', 'proposals'] as const
export type PanelName = (typeof PANELS)[number]
