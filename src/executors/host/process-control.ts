/**
 * Signalling and inspecting host processes, behind a narrow interface so the
 * kill logic can be unit tested with a fake. The real one uses
 * process.kill and /proc/<pid>/{stat,cmdline,exe}; the start time from stat
 * tells a process from a later one that was given the same pid.
 */
import { readFileSync, readlinkSync } from 'node:fs'

export type SignalOutcome = 'sent' | 'no_such_process' | 'not_permitted'

/** What /proc says about one process. */
export interface ProcessInfo {
  pid: number
  ppid: number
  /** Kernel state letter: R, S, D, T, t, Z, X, I… */
  state: string
  /** Start time in clock ticks since boot: with the pid, identifies the process. */
  startTime: number
  /** The executable's short name (/proc/<pid>/comm). */
  comm: string
  /**
   * The executable's path: where /proc/<pid>/exe points, or the command line's first argument when that link
   * cannot be read (another user's process); null when neither is known (kernel threads, zombies).
   */
  exe: string | null
  /** The command line, arguments joined by spaces; empty for kernel threads and zombies. */
  cmdline: string
}

export interface ProcessControl {
  /** Sends a signal; 0 only checks that the process exists and may be signalled. */
  signal(pid: number, signal: NodeJS.Signals | 0): SignalOutcome
  /** The process as /proc sees it, or null when there is none. */
  inspect(pid: number): ProcessInfo | null
}

/** Parses /proc/<pid>/stat; null when it is not in the expected form. */
export function parseStat(pid: number, text: string): Omit<ProcessInfo, 'cmdline' | 'exe'> | null {
  // Field 2 (comm) is in parentheses and may itself contain spaces and parentheses.
  const open = text.indexOf('(')
  const close = text.lastIndexOf(')')
  if (open < 0 || close < open) return null
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/)
  // rest[0] is field 3, so field N is rest[N - 3].
  const state = rest[0]
  const ppid = Number(rest[4 - 3])
  const startTime = Number(rest[22 - 3])
  if (state === undefined || !Number.isSafeInteger(ppid) || !Number.isSafeInteger(startTime)) return null
  return { pid, ppid, state, startTime, comm: text.slice(open + 1, close) }
}

/** The executable from the /proc/<pid>/exe link (without a " (deleted)" mark), else the first argument. */
export function executablePath(link: string | null, argv: readonly string[]): string | null {
  if (link !== null) return link.replace(/ \(deleted\)$/, '')
  return argv[0] || null
}

function errnoCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined
}

export const realProcessControl: ProcessControl = {
  signal(pid, signal) {
    try {
      process.kill(pid, signal)
      return 'sent'
    } catch (err) {
      const code = errnoCode(err)
      if (code === 'ESRCH') return 'no_such_process'
      if (code === 'EPERM') return 'not_permitted'
      throw err
    }
  },
  inspect(pid) {
    let stat: Omit<ProcessInfo, 'cmdline' | 'exe'> | null
    try {
      stat = parseStat(pid, readFileSync(`/proc/${pid}/stat`, 'utf8'))
    } catch {
      return null
    }
    if (stat === null) return null
    let argv: string[] = []
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
    } catch {
      // Gone since its stat was read, or not ours to read: the stat still identifies it.
    }
    let link: string | null = null
    try {
      link = readlinkSync(`/proc/${pid}/exe`)
    } catch {
      // Another user's process (EACCES), a kernel thread or a zombie (ENOENT): the first argument stands in.
    }
    return { ...stat, exe: executablePath(link, argv), cmdline: argv.join(' ') }
  },
}
