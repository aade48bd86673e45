/**
 * Helpers shared by the ratelimiter actions: typed definitions, the member
 * parameters (a Redis node, an app), building results, and a failure that
 * carries the decisive lines of the member's own log and their cause.
 */
import { z } from 'zod'
import { redactText } from '../../../src/core/redact.js'
import type { ActionContext, ActionDefinition, ActionResult } from '../../../src/core/subject.js'
import { APPS, REDIS_NODES } from '../defaults.js'
import type { RatelimiterHandle } from '../handle.js'

/** A Redis node of the run, by name (`member`, as every subject's targeted actions call it). */
export const RedisMemberSchema = z.enum(REDIS_NODES)
/** An app instance of the run, by name. */
export const AppMemberSchema = z.enum(APPS)

/** How many lines of a member's log a failure carries. */
export const LOG_LINES = 20

/** Keeps the params type of an action while it joins a list of ActionDefinition<unknown>. */
export function defineAction<P>(definition: ActionDefinition<P>): ActionDefinition<P> {
  return definition
}

export function ok(summary: string, details?: Record<string, unknown>): ActionResult {
  return details === undefined ? { status: 'ok', summary } : { status: 'ok', summary, details }
}

export function failed(summary: string, error: string, details?: Record<string, unknown>): ActionResult {
  return details === undefined ? { status: 'failed', summary, error } : { status: 'failed', summary, error, details }
}

/** The last lines of a member's log, redacted; [] when it cannot be read. */
export async function logLines(handle: RatelimiterHandle, member: string): Promise<string[]> {
  const lines = await handle.runtime.logTail(member, LOG_LINES).catch(() => [])
  return lines.map((l) => redactText(l))
}

/**
 * A failure about one member: its cause (a short class: `unreachable`,
 * `no_primary`, `timeout`, …) and the last lines of its own log in
 * `details.log_excerpt`, which an escalation carries to a person.
 */
export async function failedOn(
  handle: RatelimiterHandle,
  member: string,
  cause: string,
  summary: string,
  error: string,
  details: Record<string, unknown> = {},
): Promise<ActionResult> {
  const lines = await logLines(handle, member)
  const last = lines.at(-1)
  const said = last !== undefined ? `; its log: ${last}` : ''
  return failed(summary, `${error}${said}`, { member, cause, ...details, log_excerpt: lines })
}

/**
 * Polls `probe` until it gives a value or the time is up (null then). An
 * abort of ctx.signal rejects with its reason.
 */
export async function waitFor<T>(
  ctx: ActionContext,
  timeoutMs: number,
  probe: () => Promise<T | null>,
  intervalMs = 250,
): Promise<T | null> {
  const until = ctx.clock.now() + timeoutMs
  for (;;) {
    ctx.signal.throwIfAborted()
    const found = await probe()
    if (found !== null) return found
    if (ctx.clock.now() >= until) return null
    await ctx.clock.sleep(intervalMs, ctx.signal)
  }
}
