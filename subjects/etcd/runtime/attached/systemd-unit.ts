/**
 * The pure half of the systemd adapter: which unit a member may be restarted
 * through (the --member-unit allowlist, each name checked as a service
 * name), the systemctl argument arrays (never a shell line), and what
 * `systemctl show` says of a unit as the member's view.
 */
import { OperatorError } from '../../../../src/core/errors.js'
import { checkServiceName } from '../../../../src/executors/host/service-name.js'
import type { MemberView } from '../member-runtime.js'

/** The properties `view` asks for: ActiveState and MainPID decide; LoadState tells a unit that is not there. */
export const SHOW_PROPERTIES = ['LoadState', 'ActiveState', 'SubState', 'MainPID', 'ExecMainStartTimestampMonotonic']

/**
 * The unit of a member, from the allowlist given at attach time; any other
 * member, and any name that is not a plain service (an option, a path, a
 * target…), is refused before systemctl runs.
 */
export function allowedUnit(units: Readonly<Record<string, string>>, member: string): string {
  const raw = Object.hasOwn(units, member) ? units[member] : undefined
  if (raw === undefined)
    throw new OperatorError(
      'safety',
      `no systemd unit was named for ${member}: the systemd adapter restarts only the units given with --member-unit`,
      `attach again with --member-unit ${member}=UNIT`,
    )
  const checked = checkServiceName(raw)
  if (!checked.ok)
    throw new OperatorError('safety', `the unit of ${member} is refused: ${checked.reason}`, 'name a service unit')
  return checked.unit
}

export const restartArgs = (unit: string): string[] => ['restart', '--no-ask-password', '--', unit]
export const showArgs = (unit: string): string[] => ['show', '-p', SHOW_PROPERTIES.join(','), '--', unit]

/** What `systemctl show` said of a unit. */
export interface UnitState {
  /** loaded, not-found, masked… */
  load: string
  /** active, inactive, failed, activating, deactivating, reloading. */
  active: string
  sub: string
  /** 0 when the unit has no main process. */
  pid: number
  /** When its main process started (monotonic µs): tells one start from the next beyond the pid. */
  started: string
}

/** `Key=Value` lines, as `systemctl show` prints them. */
export function parseShow(stdout: string): UnitState {
  const props = new Map<string, string>()
  for (const line of stdout.split('\n')) {
    const at = line.indexOf('=')
    if (at > 0) props.set(line.slice(0, at).trim(), line.slice(at + 1).trim())
  }
  const pid = Number(props.get('MainPID') ?? '0')
  return {
    load: props.get('LoadState') ?? '',
    active: props.get('ActiveState') ?? '',
    sub: props.get('SubState') ?? '',
    pid: Number.isInteger(pid) && pid > 0 ? pid : 0,
    started: props.get('ExecMainStartTimestampMonotonic') ?? '',
  }
}

/**
 * The member's view: a unit with a main process is running; an inactive or
 * failed one has exited (definitive: nothing runs it); a unit that is not
 * loaded, or between states with no process (an automatic restart pending),
 * is unknown — systemd may be bringing it back by itself.
 */
export function unitView(state: UnitState): MemberView {
  if (state.load === 'loaded' && (state.active === 'inactive' || state.active === 'failed'))
    return { process: 'exited', pid: null }
  const live = ['active', 'reloading', 'activating', 'deactivating'].includes(state.active)
  if (state.load === 'loaded' && live && state.pid > 0)
    return { process: 'running', pid: state.pid, instance: `${state.pid}@${state.started}` }
  return { process: 'unknown', pid: null }
}
