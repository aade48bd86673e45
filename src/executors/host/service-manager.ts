/**
 * The service manager behind the host service actions: start, stop, restart
 * and ask whether a unit is active. The real one runs systemctl
 * (systemctl.ts); tests pass a fake or point it at a fixture program.
 */

/** Why a service-manager command did not succeed. */
export type ServiceFailure = 'exit_code' | 'timed_out' | 'terminated' | 'aborted' | 'spawn_failed'

export type ServiceCommandOutcome =
  | { ok: true }
  | {
      ok: false
      reason: ServiceFailure
      /** The manager's exit code when it ran to an end. */
      exit_code: number | null
      /** What it said on stderr, trimmed and bounded. */
      detail: string
    }

export type ServiceStateOutcome =
  | {
      ok: true
      active: boolean
      /** The state as the manager names it: active, inactive, failed, activating… */
      state: string
    }
  | { ok: false; reason: ServiceFailure; exit_code: number | null; detail: string }

export interface ServiceManager {
  start(unit: string, signal: AbortSignal): Promise<ServiceCommandOutcome>
  stop(unit: string, signal: AbortSignal): Promise<ServiceCommandOutcome>
  restart(unit: string, signal: AbortSignal): Promise<ServiceCommandOutcome>
  isActive(unit: string, signal: AbortSignal): Promise<ServiceStateOutcome>
}

/** One line for a failed outcome. */
export function describeServiceFailure(outcome: {
  reason: ServiceFailure
  exit_code: number | null
  detail: string
}): string {
  const head =
    outcome.reason === 'exit_code'
      ? `exited with code ${outcome.exit_code}`
      : outcome.reason === 'timed_out'
        ? 'timed out'
        : outcome.reason === 'terminated'
          ? 'was terminated by a signal'
          : outcome.reason === 'aborted'
            ? 'was aborted'
            : 'could not be started'
  return outcome.detail ? `${head}: ${outcome.detail}` : head
}
