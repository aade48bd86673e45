/**
 * The vocabulary of a supervised run that several parts share: the children
 * a supervisor runs and how each is doing, the tone of a message for people,
 * and where a replay is. The supervisor produces these, the recording keeps
 * them, the screen and the headless renderers show them.
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

export const TONES = ['info', 'good', 'warn', 'bad'] as const
/** How a message reads: neutral, good news, a warning, or something broken. */
export type Tone = (typeof TONES)[number]

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
