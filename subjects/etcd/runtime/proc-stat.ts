/**
 * Reads a process's state and start time from /proc/<pid>/stat, so the
 * runtime can tell running from paused from gone, and never signals a pid
 * that the kernel has since given to another process.
 */
import { readFileSync } from 'node:fs'
import type { ProcessState } from '../observation.js'

/** The two fields of /proc/<pid>/stat that the runtime needs. */
export interface ProcStat {
  /** Field 3: R, S, D, T, t, Z, X, I… */
  state: string
  /** Field 22: start time in clock ticks since boot; identifies the process beyond its pid. */
  startTime: number
}

/** Parses the text of /proc/<pid>/stat; null when it is not in the expected form. */
export function parseProcStat(text: string): ProcStat | null {
  // Field 2 (comm) is in parentheses and may itself contain spaces and parentheses.
  const close = text.lastIndexOf(')')
  if (close < 0) return null
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/)
  // rest[0] is field 3, so field N is rest[N - 3].
  const state = rest[0]
  const startTime = Number(rest[22 - 3])
  if (state === undefined || !Number.isSafeInteger(startTime)) return null
  return { state, startTime }
}

/** The stat of a live pid, or null when there is no such process. */
export function readProcStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return null
  }
}

/** Maps a kernel state letter to the operator's process state. */
export function stateFromStat(stat: ProcStat | null): ProcessState {
  if (stat === null) return 'exited'
  if (stat.state === 'Z' || stat.state === 'X' || stat.state === 'x') return 'exited'
  if (stat.state === 'T' || stat.state === 't') return 'paused'
  return 'running'
}

/**
 * State of the process recorded as (pid, startTime): 'exited' when the pid is
 * gone, a zombie, or now belongs to a different process.
 */
export function recordedProcessState(pid: number, startTime: number): ProcessState {
  const stat = readProcStat(pid)
  if (stat === null || stat.startTime !== startTime) return 'exited'
  return stateFromStat(stat)
}

/** Whether (pid, startTime) still names a live (running or paused) process. */
export function isSameLiveProcess(pid: number, startTime: number): boolean {
  return recordedProcessState(pid, startTime) !== 'exited'
}
