/**
 * The output of a command that owns running things (the demo's screen, a
 * scenario's cluster), watched for its end: a hang-up (SIGHUP) or a write
 * that fails with EIO/EPIPE means the terminal (or the reading pipe) is gone. Then nothing more is
 * drawn or printed, the run is aborted so everything it started is stopped,
 * and the process ends itself with SIGKILL once that is done — Node's own
 * exit restores the terminal's modes and aborts with an assertion when the
 * terminal no longer exists. Any other uncaught error is a crash: reported
 * once (never in a loop), then the same clean-up, exit 70.
 */
import { errorMessage } from '../core/errors.js'

const GONE_CODES = new Set(['EIO', 'EPIPE', 'ENXIO', 'EBADF'])

/** Whether an error says the terminal is no longer there. */
export function terminalGoneError(err: unknown): boolean {
  const code = err !== null && typeof err === 'object' && 'code' in err ? (err as { code: unknown }).code : undefined
  return typeof code === 'string' && GONE_CODES.has(code)
}

export interface TerminalGuard {
  /** Whether the terminal went away (hang-up or failed writes). */
  readonly gone: boolean
  /** Ends the process as the terminal's state demands, once everything is stopped; returns when the process lives on. */
  finish(): void
  dispose(): void
}

export interface GuardOptions {
  /** Aborts the run (stops children, cluster, scenario). */
  abort: (reason: Error) => void
  /** Stops what the command started, after a crash; the process exits 70 once it resolves. */
  stopAll: () => Promise<void>
  /** The command's name in the crash message. */
  name: string
}

let guards = 0

/** Whether a command that owns running things watches its output: then a closed pipe is its to handle, not a reason to exit at once. */
export function outputGuarded(): boolean {
  return guards > 0
}

export function guardTerminal(o: GuardOptions): TerminalGuard {
  guards++
  let gone = false
  let crashed = false
  const onHangUp = () => {
    gone = true
  }
  const onError = (err: unknown) => {
    if (terminalGoneError(err)) {
      if (!gone) o.abort(new Error('the terminal is gone'))
      gone = true
      return
    }
    if (crashed) return
    crashed = true
    if (!gone)
      process.stderr.write(
        `operator ${o.name}: crashed: ${err instanceof Error ? (err.stack ?? err.message) : errorMessage(err)}\n`,
      )
    o.abort(new Error('crashed'))
    void o
      .stopAll()
      .catch(() => undefined)
      .finally(() => (gone ? process.kill(process.pid, 'SIGKILL') : process.exit(70)))
  }
  process.on('SIGHUP', onHangUp)
  process.on('uncaughtException', onError)
  let disposed = false
  const dispose = () => {
    if (disposed) return
    disposed = true
    guards--
    process.off('SIGHUP', onHangUp)
    process.off('uncaughtException', onError)
  }
  return {
    get gone() {
      return gone
    },
    finish: () => {
      if (!gone) return
      dispose()
      process.kill(process.pid, 'SIGKILL')
    },
    dispose,
  }
}
