/**
 * docker_start, docker_stop, docker_restart, docker_pause, docker_unpause:
 * idempotent where a person expects it (starting a running container,
 * stopping a stopped one, pausing a paused one, unpausing a running one all
 * succeed and say so), with exit codes explained.
 */

import { z } from 'zod'
import { actionSpec } from '../../core/action.js'
import { defineAction, failed, ok } from '../action-result.js'
import type { EngineGetter } from './engine.js'
import { explainExit } from './exit-codes.js'
import { onContainer } from './on-container.js'
import { ContainerParams, DockerRef, StopTimeout } from './params.js'
import type { DockerScope } from './scope.js'
import { stopContainer } from './stop-container.js'
import type { ContainerTarget } from './target.js'

const StopParams = z.strictObject({ container: DockerRef, timeout_s: StopTimeout })

export const DOCKER_START = actionSpec({
  name: 'docker_start',
  kind: 'docker',
  description: 'Start a stopped managed container; a running one is left as it is.',
  params: ContainerParams,
  risk: 'medium',
  tier: 2,
})

export const DOCKER_STOP = actionSpec({
  name: 'docker_stop',
  kind: 'docker',
  description:
    'Stop a managed container: its stop signal, a grace period (timeout_s, default 10), then SIGKILL. A stopped one stays stopped.',
  params: StopParams,
  risk: 'high',
  tier: 2,
})

export const DOCKER_RESTART = actionSpec({
  name: 'docker_restart',
  kind: 'docker',
  description: 'Restart a managed container: stop (grace timeout_s, default 10, then SIGKILL) and start it again.',
  params: StopParams,
  risk: 'high',
  tier: 2,
})

export const DOCKER_PAUSE = actionSpec({
  name: 'docker_pause',
  kind: 'docker',
  description: 'Freeze every process of a running managed container (cgroup freezer); a paused one stays paused.',
  params: ContainerParams,
  risk: 'high',
  tier: 2,
})

export const DOCKER_UNPAUSE = actionSpec({
  name: 'docker_unpause',
  kind: 'docker',
  description: 'Thaw a paused managed container; a running one is left as it is.',
  params: ContainerParams,
  risk: 'medium',
  tier: 2,
})

function state(target: ContainerTarget) {
  return { container: target.name, status: target.info.State.Status }
}

export function dockerStartAction(getEngine: EngineGetter, scope: DockerScope) {
  return defineAction({
    ...DOCKER_START,
    run: onContainer('start', getEngine, scope, async (t, _p, ctx) => {
      const s = t.info.State
      if (s.Paused)
        return failed(
          `${t.name} is paused, not stopped`,
          'a paused container cannot be started: unpause it (docker_unpause)',
          state(t),
        )
      if (s.Running) return ok(`${t.name} is already running`, { ...state(t), changed: false })
      await t.container.start({ abortSignal: ctx.signal })
      const after = await t.container.inspect({ abortSignal: ctx.signal })
      if (!after.State.Running) {
        const exit = { ExitCode: after.State.ExitCode, OOMKilled: after.State.OOMKilled }
        return failed(`${t.name} started but is not running`, explainExit(exit), {
          container: t.name,
          status: after.State.Status,
          exit_code: exit.ExitCode,
          oom_killed: exit.OOMKilled,
        })
      }
      ctx.log('container started', { container: t.name })
      return ok(`started ${t.name}`, { container: t.name, status: after.State.Status, changed: true })
    }),
  })
}

export function dockerStopAction(getEngine: EngineGetter, scope: DockerScope) {
  return defineAction({
    ...DOCKER_STOP,
    run: onContainer('stop', getEngine, scope, async (t, p, ctx) => {
      const outcome = await stopContainer(t.container, p.timeout_s, ctx.clock, ctx.signal)
      const details = {
        container: t.name,
        changed: outcome.stopped,
        escalated: outcome.escalated,
        exit_code: outcome.exit.ExitCode,
        oom_killed: outcome.exit.OOMKilled,
        exit: outcome.exit.explanation,
      }
      if (!outcome.stopped) return ok(`${t.name} is already stopped (${outcome.exit.explanation})`, details)
      ctx.log('container stopped', details)
      const how = outcome.escalated ? `did not stop within ${p.timeout_s} s, killed` : 'stopped'
      return ok(`${t.name} ${how}: ${outcome.exit.explanation}`, details)
    }),
  })
}

export function dockerRestartAction(getEngine: EngineGetter, scope: DockerScope) {
  return defineAction({
    ...DOCKER_RESTART,
    run: onContainer('restart', getEngine, scope, async (t, p, ctx) => {
      const outcome = await stopContainer(t.container, p.timeout_s, ctx.clock, ctx.signal)
      await t.container.start({ abortSignal: ctx.signal })
      const after = await t.container.inspect({ abortSignal: ctx.signal })
      const details = {
        container: t.name,
        was_running: outcome.stopped,
        escalated: outcome.escalated,
        previous_exit: outcome.exit.explanation,
        status: after.State.Status,
      }
      if (!after.State.Running)
        return failed(
          `${t.name} restarted but is not running`,
          explainExit({ ExitCode: after.State.ExitCode, OOMKilled: after.State.OOMKilled }),
          details,
        )
      ctx.log('container restarted', details)
      return ok(
        `restarted ${t.name}${outcome.stopped ? ` (previous run: ${outcome.exit.explanation})` : ' (it was not running)'}`,
        details,
      )
    }),
  })
}

export function dockerPauseAction(getEngine: EngineGetter, scope: DockerScope) {
  return defineAction({
    ...DOCKER_PAUSE,
    run: onContainer('pause', getEngine, scope, async (t, _p, ctx) => {
      if (t.info.State.Paused) return ok(`${t.name} is already paused`, { ...state(t), changed: false })
      if (!t.info.State.Running)
        return failed(`${t.name} is not running`, 'only a running container can be paused', state(t))
      await t.container.pause({ abortSignal: ctx.signal })
      ctx.log('container paused', { container: t.name })
      return ok(`paused ${t.name}`, { container: t.name, status: 'paused', changed: true })
    }),
  })
}

export function dockerUnpauseAction(getEngine: EngineGetter, scope: DockerScope) {
  return defineAction({
    ...DOCKER_UNPAUSE,
    run: onContainer('unpause', getEngine, scope, async (t, _p, ctx) => {
      if (!t.info.State.Running)
        return failed(`${t.name} is not running`, 'it is stopped, not paused: start it (docker_start)', state(t))
      if (!t.info.State.Paused) return ok(`${t.name} is already running (not paused)`, { ...state(t), changed: false })
      await t.container.unpause({ abortSignal: ctx.signal })
      ctx.log('container unpaused', { container: t.name })
      return ok(`unpaused ${t.name}`, { container: t.name, status: 'running', changed: true })
    }),
  })
}
