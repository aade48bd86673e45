/**
 * The host executor (DESIGN.md, "Actions and the loop"): service control
 * through systemctl for allowlisted services, and stopping a process with
 * SIGTERM then SIGKILL. Configuration comes from options, falling back to the
 * environment: OPERATOR_SERVICE_ALLOWLIST (comma-separated; empty allows
 * nothing) and OPERATOR_SYSTEMCTL (the systemctl binary).
 */
import type { ActionDefinition, ActionSpec } from '../../core/subject.js'
import { HOST_KILL_PROCESS, type KillProcessParams, killProcessAction } from './kill-process.js'
import type { SelfProcess } from './own-processes.js'
import { type ProcessControl, realProcessControl } from './process-control.js'
import { HOST_SERVICE_SPECS, hostServiceActions, type ServiceParams } from './service-actions.js'
import type { ServiceManager } from './service-manager.js'
import { ALLOWLIST_ENV, createServicePolicy, parseAllowlist } from './service-policy.js'
import { SYSTEMCTL_ENV, systemctlManager } from './systemctl.js'

export { FORBIDDEN_SERVICES } from './forbidden-services.js'
export type { ProcessControl } from './process-control.js'
export type { ServiceManager } from './service-manager.js'
export { ALLOWLIST_ENV } from './service-policy.js'
export { SYSTEMCTL_ENV } from './systemctl.js'

export interface HostActionsOptions {
  /** Services that may be acted on. Default: OPERATOR_SERVICE_ALLOWLIST; none when that is unset. */
  allowlist?: readonly string[]
  /** Where OPERATOR_* settings are read from (default process.env). */
  env?: NodeJS.ProcessEnv
  /** The systemctl binary. Default: OPERATOR_SYSTEMCTL, else 'systemctl'. */
  systemctlPath?: string
  /** Timeout of each systemctl call (default 30 s). */
  commandTimeoutMs?: number
  /** How long a service's state may take to settle after the command (default 5 s). */
  verifyTimeoutMs?: number
  /** Replaces systemctl altogether (unit tests). */
  manager?: ServiceManager
  /** Replaces process.kill and /proc (unit tests). */
  processes?: ProcessControl
  /** The process whose own pid and ancestors are refused (default this one). */
  self?: SelfProcess
}

export interface HostActions {
  host_service_start: ActionDefinition<ServiceParams>
  host_service_stop: ActionDefinition<ServiceParams>
  host_service_restart: ActionDefinition<ServiceParams>
  host_kill_process: ActionDefinition<KillProcessParams>
}

/** The host actions by name. Throws OperatorError('config') for an invalid allowlist entry. */
export function hostActions(options: HostActionsOptions = {}): HostActions {
  const env = options.env ?? process.env
  const policy = createServicePolicy(options.allowlist ?? parseAllowlist(env[ALLOWLIST_ENV]))
  const manager =
    options.manager ??
    systemctlManager({
      path: options.systemctlPath ?? (env[SYSTEMCTL_ENV] || 'systemctl'),
      ...(options.commandTimeoutMs === undefined ? {} : { timeoutMs: options.commandTimeoutMs }),
    })
  const services = hostServiceActions({
    manager,
    policy,
    ...(options.verifyTimeoutMs === undefined ? {} : { verifyTimeoutMs: options.verifyTimeoutMs }),
  })
  return {
    ...services,
    host_kill_process: killProcessAction({
      processes: options.processes ?? realProcessControl,
      self: options.self ?? { pid: process.pid, ppid: process.ppid },
    }),
  }
}

/** The host actions as a list, ready to join a subject's action catalogue. */
export function hostActionList(options: HostActionsOptions = {}): ActionDefinition<unknown>[] {
  const actions = hostActions(options)
  return [
    actions.host_service_start,
    actions.host_service_stop,
    actions.host_service_restart,
    actions.host_kill_process,
  ]
}

/** The host actions' catalogue entries, in the same order as hostActionList. */
export const HOST_ACTION_SPECS: readonly ActionSpec[] = [
  HOST_SERVICE_SPECS.start,
  HOST_SERVICE_SPECS.stop,
  HOST_SERVICE_SPECS.restart,
  HOST_KILL_PROCESS,
] as ActionSpec[]
