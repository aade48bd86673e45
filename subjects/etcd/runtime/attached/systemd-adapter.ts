/**
 * The systemd adapter of an attached run (`--runtime-adapter systemd`): a
 * member named with --member-unit is restarted with `systemctl restart UNIT`
 * on this host and seen through `systemctl show`; those units are the
 * allowlist, nothing else is ever restarted. Its log stays in the journal
 * (`journalctl -u UNIT`), which the adapter does not read. Faults are not
 * injected through systemd.
 */
import { OperatorError } from '../../../../src/core/errors.js'
import { describeServiceFailure } from '../../../../src/executors/host/service-manager.js'
import type { AdapterControl } from './adapter.js'
import type { SystemctlRunner } from './systemctl-runner.js'
import { allowedUnit, parseShow, restartArgs, showArgs, unitView } from './systemd-unit.js'

/** How long one `systemctl show` may take. */
const SHOW_TIMEOUT_MS = 10_000
/** How long `systemctl restart` may take: it waits for the unit's stop and its start job. */
export const SYSTEMD_RESTART_TIMEOUT_MS = 60_000

export function systemdAdapter(units: Record<string, string>, run: SystemctlRunner): AdapterControl {
  async function show(member: string) {
    const unit = allowedUnit(units, member)
    const out = await run(showArgs(unit), { timeoutMs: SHOW_TIMEOUT_MS })
    if (!out.ok)
      throw new OperatorError(
        'subject',
        `systemctl show ${unit} ${describeServiceFailure(out)}`,
        'check systemctl on this host',
      )
    return { unit, view: unitView(parseShow(out.stdout)) }
  }

  return {
    kind: 'systemd',
    drives: (member) => Object.hasOwn(units, member),
    view: async (member) => (await show(member)).view,

    async restart(member, clock, signal) {
      signal?.throwIfAborted()
      const before = await show(member)
      const unit = before.unit
      const logSince = Math.floor(clock.now() / 1000)
      // Not cancelled by the signal: once systemd has the job, the member is never left halfway.
      const out = await run(restartArgs(unit), { timeoutMs: SYSTEMD_RESTART_TIMEOUT_MS })
      if (!out.ok)
        throw new OperatorError(
          'subject',
          `systemctl restart ${unit} ${describeServiceFailure(out)}`,
          `see \`systemctl status ${unit}\` and \`journalctl -u ${unit}\` on the member's host`,
        )
      const after = (await show(member)).view
      return {
        was: before.view.process,
        pid: after.pid,
        instance: after.instance ?? null,
        log_since: logSince,
        details: { unit, pid: after.pid, adapter: 'systemd', journal: `journalctl -u ${unit}` },
      }
    },

    logTail: async () => '',
    logExcerpt: async () => [],
    faults: {},
  }
}
