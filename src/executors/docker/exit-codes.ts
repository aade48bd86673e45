/**
 * Container exit codes explained for people: 143 is a graceful stop by
 * SIGTERM, 137 a SIGKILL — from a stop whose grace expired, a kill, or the
 * kernel's OOM killer (told apart by State.OOMKilled).
 */
import { constants } from 'node:os'

/** What inspect reports about how a container ended. */
export interface ExitState {
  ExitCode: number
  OOMKilled: boolean
}

function signalName(n: number): string | null {
  const found = Object.entries(constants.signals).find(([, v]) => v === n)
  return found ? found[0] : null
}

export function explainExit(state: ExitState): string {
  const code = state.ExitCode
  if (state.OOMKilled) return `exit ${code}: killed by the kernel's OOM killer (the memory limit was reached)`
  if (code === 0) return 'exit 0: finished normally'
  if (code === 143) return 'exit 143: stopped gracefully by SIGTERM (128 + 15)'
  if (code === 137)
    return 'exit 137: killed by SIGKILL (128 + 9): a kill, or a stop whose grace period expired; not OOM'
  if (code === 126) return 'exit 126: the command could not be executed (permission or not executable)'
  if (code === 127) return 'exit 127: the command was not found'
  if (code > 128 && code < 128 + 65) {
    const name = signalName(code - 128)
    return `exit ${code}: killed by signal ${code - 128}${name ? ` (${name})` : ''}`
  }
  return `exit ${code}: the program reported an error`
}
