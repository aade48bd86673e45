/**
 * The real service manager: systemctl run with execa, an argument array
 * (never a shell), `--` before the unit name, a timeout, and the caller's
 * AbortSignal. Outcomes are read from execa's fields, never its messages.
 */
import { execa } from 'execa'
import type { ServiceCommandOutcome, ServiceFailure, ServiceManager, ServiceStateOutcome } from './service-manager.js'

export const SYSTEMCTL_ENV = 'OPERATOR_SYSTEMCTL'
export const DEFAULT_SYSTEMCTL_TIMEOUT_MS = 30_000
/** `systemctl is-active` exits 0 for an active unit, 3 for one that is not (and 4 for an unknown one on newer systemd). */
const IS_ACTIVE_INACTIVE_CODES = new Set([3, 4])
const MAX_DETAIL = 500

export interface SystemctlOptions {
  /** The systemctl binary; default 'systemctl'. */
  path?: string
  timeoutMs?: number
}

type Failure = { reason: ServiceFailure; exit_code: number | null; detail: string }

/** The fields of an execa result that decide the outcome. */
interface RunFields {
  failed: boolean
  isCanceled: boolean
  timedOut: boolean
  isTerminated: boolean
  exitCode?: number | undefined
  signal?: string | undefined
  code?: string | undefined
  stderr: unknown
}

function detailOf(result: RunFields): string {
  const text = typeof result.stderr === 'string' ? result.stderr.trim() : ''
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text
}

/** Classifies a finished run that did not exit 0, from execa's fields. */
function failureOf(result: RunFields): Failure {
  const detail = detailOf(result)
  if (result.isCanceled) return { reason: 'aborted', exit_code: null, detail }
  if (result.timedOut) return { reason: 'timed_out', exit_code: null, detail }
  if (result.isTerminated)
    return { reason: 'terminated', exit_code: null, detail: detail || `signal ${result.signal ?? '?'}` }
  if (result.exitCode === undefined) return { reason: 'spawn_failed', exit_code: null, detail: result.code ?? detail }
  return { reason: 'exit_code', exit_code: result.exitCode, detail }
}

export function systemctlManager(options: SystemctlOptions = {}): ServiceManager {
  const path = options.path ?? 'systemctl'
  const timeout = options.timeoutMs ?? DEFAULT_SYSTEMCTL_TIMEOUT_MS
  const run = (verb: string, unit: string, signal: AbortSignal) =>
    execa(path, [verb, '--no-ask-password', '--', unit], {
      reject: false,
      timeout,
      cancelSignal: signal,
      stdin: 'ignore',
      forceKillAfterDelay: 2000,
    })

  const command =
    (verb: 'start' | 'stop' | 'restart') =>
    async (unit: string, signal: AbortSignal): Promise<ServiceCommandOutcome> => {
      const result = await run(verb, unit, signal)
      if (!result.failed) return { ok: true }
      return { ok: false, ...failureOf(result) }
    }

  return {
    start: command('start'),
    stop: command('stop'),
    restart: command('restart'),
    async isActive(unit, signal): Promise<ServiceStateOutcome> {
      const result = await run('is-active', unit, signal)
      const state = typeof result.stdout === 'string' ? (result.stdout.trim().split('\n')[0] ?? '') : ''
      if (!result.failed) return { ok: true, active: true, state: state || 'active' }
      if (
        result.exitCode !== undefined &&
        IS_ACTIVE_INACTIVE_CODES.has(result.exitCode) &&
        !result.isCanceled &&
        !result.timedOut
      ) {
        return { ok: true, active: false, state: state || 'inactive' }
      }
      return { ok: false, ...failureOf(result) }
    },
  }
}
