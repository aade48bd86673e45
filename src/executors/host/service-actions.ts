/**
 * host_service_start, host_service_stop and host_service_restart: act on one
 * allowlisted service through the service manager. Success needs both the
 * manager's exit code and the state verified afterwards (active after start
 * and restart, inactive after stop), polled for a short settle window.
 * Refusals and failures are failed results; an abort of ctx.signal rejects.
 */

import { z } from 'zod'
import type { ActionSpec } from '../../core/action.js'
import type { ActionContext, ActionDefinition, ActionResult, Risk } from '../../core/subject.js'
import { failed, ok, refused } from './results.js'
import { describeServiceFailure, type ServiceManager, type ServiceStateOutcome } from './service-manager.js'
import type { ServicePolicy } from './service-policy.js'

export const DEFAULT_VERIFY_TIMEOUT_MS = 5000
const VERIFY_INTERVAL_MS = 250

export interface ServiceActionDeps {
  manager: ServiceManager
  policy: ServicePolicy
  /** How long the state may take to settle after the command succeeded. */
  verifyTimeoutMs?: number
}

export const ServiceParams = z.strictObject({ service: z.string().min(1).max(256) })
export type ServiceParams = z.infer<typeof ServiceParams>

type Verb = 'start' | 'stop' | 'restart'

const SPEC: Record<Verb, { risk: Risk; expectActive: boolean; description: string; past: string }> = {
  start: {
    risk: 'medium',
    expectActive: true,
    description: 'Start an allowlisted host service with systemctl and verify it is active.',
    past: 'started',
  },
  stop: {
    risk: 'high',
    expectActive: false,
    description: 'Stop an allowlisted host service with systemctl and verify it is inactive.',
    past: 'stopped',
  },
  restart: {
    risk: 'high',
    expectActive: true,
    description: 'Restart an allowlisted host service with systemctl and verify it is active again.',
    past: 'restarted',
  },
}

/** The catalogue entries of host_service_start, host_service_stop and host_service_restart. */
export const HOST_SERVICE_SPECS: Record<Verb, ActionSpec<ServiceParams>> = {
  start: serviceSpec('start'),
  stop: serviceSpec('stop'),
  restart: serviceSpec('restart'),
}

function serviceSpec(verb: Verb): ActionSpec<ServiceParams> {
  const { description, risk } = SPEC[verb]
  return { name: `host_service_${verb}`, kind: 'host', description, params: ServiceParams, risk, tier: 2 }
}

/** Polls the state until it is the expected one or the window closes; returns the last answer. */
async function settle(
  deps: ServiceActionDeps,
  unit: string,
  expectActive: boolean,
  ctx: ActionContext,
): Promise<ServiceStateOutcome> {
  const deadline = ctx.clock.now() + (deps.verifyTimeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS)
  for (;;) {
    const state = await deps.manager.isActive(unit, ctx.signal)
    ctx.signal.throwIfAborted()
    if (state.ok && state.active === expectActive) return state
    if (ctx.clock.now() >= deadline) return state
    await ctx.clock.sleep(VERIFY_INTERVAL_MS, ctx.signal)
  }
}

function serviceAction(verb: Verb, deps: ServiceActionDeps): ActionDefinition<ServiceParams> {
  const spec = SPEC[verb]
  return {
    ...HOST_SERVICE_SPECS[verb],
    async run({ service }, ctx): Promise<ActionResult> {
      ctx.signal.throwIfAborted()
      const decision = deps.policy.check(service)
      if (!decision.ok)
        return refused(`${verb} service ${JSON.stringify(service)}`, decision.rule, decision.reason, { service })
      const { name, unit } = decision
      const before = await deps.manager.isActive(unit, ctx.signal)
      ctx.signal.throwIfAborted()
      const wasActive = before.ok ? before.active : null
      const outcome = await deps.manager[verb](unit, ctx.signal)
      ctx.signal.throwIfAborted()
      if (!outcome.ok) {
        return failed(`systemctl ${verb} ${unit} failed`, describeServiceFailure(outcome), {
          service: name,
          unit,
          reason: outcome.reason,
          exit_code: outcome.exit_code,
          was_active: wasActive,
        })
      }
      const after = await settle(deps, unit, spec.expectActive, ctx)
      const details = { service: name, unit, was_active: wasActive, state: after.ok ? after.state : null }
      if (!after.ok)
        return failed(
          `${unit}: state unknown after ${verb}`,
          `systemctl is-active ${describeServiceFailure(after)}`,
          details,
        )
      if (after.active !== spec.expectActive) {
        const expected = spec.expectActive ? 'active' : 'inactive'
        return failed(
          `${unit} is ${after.state} after ${verb}`,
          `systemctl ${verb} exited 0 but the service is not ${expected}`,
          details,
        )
      }
      ctx.log(`host service ${spec.past}`, details)
      return ok(`${spec.past} ${unit} (now ${after.state})`, details)
    },
  }
}

export function hostServiceActions(deps: ServiceActionDeps): {
  host_service_start: ActionDefinition<ServiceParams>
  host_service_stop: ActionDefinition<ServiceParams>
  host_service_restart: ActionDefinition<ServiceParams>
} {
  return {
    host_service_start: serviceAction('start', deps),
    host_service_stop: serviceAction('stop', deps),
    host_service_restart: serviceAction('restart', deps),
  }
}
