/**
 * The impure boundary of the systemd adapter: systemctl run with execa, an
 * argument array (never a shell), a timeout and, when given, the caller's
 * AbortSignal. Outcomes come from execa's fields, never its messages. Unit
 * tests pass a fake runner instead.
 */
import { execa } from 'execa'
import type { ServiceFailure } from '../../../../src/executors/host/service-manager.js'

export type CommandOutcome =
  | { ok: true; stdout: string }
  | { ok: false; reason: ServiceFailure; exit_code: number | null; detail: string }

/** Runs systemctl with these arguments. */
export type SystemctlRunner = (
  args: readonly string[],
  options: { timeoutMs: number; signal?: AbortSignal },
) => Promise<CommandOutcome>

const MAX_DETAIL = 300

/** The real runner: `path` is the systemctl binary (OPERATOR_SYSTEMCTL, else `systemctl`). */
export function execaSystemctl(path = 'systemctl'): SystemctlRunner {
  return async (args, { timeoutMs, signal }) => {
    const r = await execa(path, [...args], {
      reject: false,
      timeout: timeoutMs,
      stdin: 'ignore',
      forceKillAfterDelay: 2000,
      ...(signal !== undefined ? { cancelSignal: signal } : {}),
    })
    if (!r.failed) return { ok: true, stdout: String(r.stdout) }
    const text = String(r.stderr ?? '').trim()
    const detail = text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text
    const fail = (reason: ServiceFailure, exit_code: number | null = null) =>
      ({ ok: false, reason, exit_code, detail }) as const
    if (r.isCanceled) return fail('aborted')
    if (r.timedOut) return fail('timed_out')
    if (r.isTerminated) return fail('terminated')
    if (r.exitCode === undefined) return { ok: false, reason: 'spawn_failed', exit_code: null, detail: r.code ?? '' }
    return fail('exit_code', r.exitCode)
  }
}
