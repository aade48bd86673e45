/**
 * The frame of every Docker action on one container: reach the engine,
 * resolve the container and apply the scope, run, and turn engine errors
 * into failed results. An abort of ctx.signal rejects with its reason.
 */
import { errorMessage } from '../../core/errors.js'
import type { ActionContext, ActionResult } from '../../core/subject.js'
import { failed } from '../action-result.js'
import type { Engine, EngineGetter } from './engine.js'
import type { DockerScope } from './scope.js'
import { type ContainerTarget, resolveContainer } from './target.js'

export type ContainerRun<P> = (
  target: ContainerTarget,
  params: P,
  ctx: ActionContext,
  engine: Engine,
) => Promise<ActionResult>

/** Reaches the engine, or says why not as a failed result. */
export async function engineOrFailure(
  getEngine: EngineGetter,
  what: string,
  ctx: ActionContext,
): Promise<{ ok: true; engine: Engine } | { ok: false; result: ActionResult }> {
  try {
    return { ok: true, engine: await getEngine(ctx.signal) }
  } catch (err) {
    ctx.signal.throwIfAborted()
    return { ok: false, result: failed(`${what}: no Docker engine`, errorMessage(err)) }
  }
}

export function onContainer<P extends { container: string }>(
  verb: string,
  getEngine: EngineGetter,
  scope: DockerScope,
  run: ContainerRun<P>,
): (params: P, ctx: ActionContext) => Promise<ActionResult> {
  return async (params, ctx) => {
    const reached = await engineOrFailure(getEngine, `${verb} ${params.container}`, ctx)
    if (!reached.ok) return reached.result
    const target = await resolveContainer(reached.engine, params.container, scope, ctx.signal)
    if (!target.ok) return target.result
    try {
      return await run(target.value, params, ctx, reached.engine)
    } catch (err) {
      ctx.signal.throwIfAborted()
      return failed(`${verb} ${target.value.name} failed`, errorMessage(err), { container: target.value.name })
    }
  }
}
