/**
 * Faults on a member's process through the runtime: kill_primary and
 * pause_primary (the primary the Sentinels agree on; Sentinel fails over),
 * kill_node (any Redis node, Sentinel or app), kill_app (an app),
 * resume_node (SIGCONT), and start_node, the harness's undo of a kill.
 * The runtime refuses when there is no live process to signal.
 */
import type { ActionContext, FaultDefinition, FaultResult, FaultTarget } from '../../../src/core/subject.js'
import type { RatelimiterHandle } from '../handle.js'
import type { NodeKind } from '../runtime/run-record.js'
import { primaryOf, resolveTarget } from './resolve-target.js'

type Chooser = (handle: RatelimiterHandle, target: FaultTarget, fault: string) => Promise<string>

const ANY: readonly NodeKind[] = ['redis', 'sentinel', 'app']
const targeted =
  (kinds: readonly NodeKind[]): Chooser =>
  (handle, target, fault) =>
    resolveTarget(handle, target, fault, kinds)
const thePrimary: Chooser = (handle, _target, fault) => primaryOf(handle, fault)

function signalFault(
  handle: RatelimiterHandle,
  name: string,
  description: string,
  signal: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT',
  pick: Chooser,
  isTargeted: boolean,
): FaultDefinition {
  return {
    name,
    description,
    targeted: isTargeted,
    async inject(target: FaultTarget, ctx: ActionContext): Promise<FaultResult> {
      ctx.signal.throwIfAborted()
      const member = await pick(handle, target, name)
      const done = await handle.runtime.signal(member, signal)
      ctx.log(`fault ${name}`, { member, signal, pid: done.pid })
      return { fault: name, targets: [member], summary: done.summary, details: { member, signal, pid: done.pid } }
    },
  }
}

export const killPrimaryFault = (h: RatelimiterHandle) =>
  signalFault(
    h,
    'kill_primary',
    'SIGKILL the primary the Sentinels agree on: they fail over to a replica',
    'SIGKILL',
    thePrimary,
    false,
  )

export const pausePrimaryFault = (h: RatelimiterHandle) =>
  signalFault(
    h,
    'pause_primary',
    'SIGSTOP the primary: it keeps its sockets but answers nothing',
    'SIGSTOP',
    thePrimary,
    false,
  )

export const resumeNodeFault = (h: RatelimiterHandle) =>
  signalFault(h, 'resume_node', 'SIGCONT a paused Redis node, Sentinel or app', 'SIGCONT', targeted(ANY), true)

export const killNodeFault = (h: RatelimiterHandle) =>
  signalFault(
    h,
    'kill_node',
    'SIGKILL a Redis node, Sentinel or app (it stays down until restarted)',
    'SIGKILL',
    targeted(ANY),
    true,
  )

export const killAppFault = (h: RatelimiterHandle) =>
  signalFault(
    h,
    'kill_app',
    'SIGKILL an app instance (it stays down until restarted)',
    'SIGKILL',
    targeted(['app']),
    true,
  )

/** start_node: the undo of a kill — start a member that is down, without waiting for it to serve. */
export function startNodeFault(handle: RatelimiterHandle): FaultDefinition {
  return {
    name: 'start_node',
    description: 'Start a Redis node, Sentinel or app that is down (the undo of a kill), without waiting for it',
    targeted: true,
    async inject(target, ctx) {
      ctx.signal.throwIfAborted()
      const member = await resolveTarget(handle, target, 'start_node', ANY)
      const done = await handle.runtime.restart(member, ctx.signal)
      ctx.log('member started', { member, was: done.was })
      return {
        fault: 'start_node',
        targets: [member],
        summary: `started ${member} (was ${done.was})`,
        details: { member, was: done.was, pid: done.pid },
      }
    },
  }
}
