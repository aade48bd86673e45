/**
 * The action model (DESIGN.md, "Actions and the loop"): what an action is
 * (its catalogue entry, data known without a cluster), and what an action
 * bound to an open run does when executed.
 */
import type { z } from 'zod'
import type { Clock } from './clock.js'

export type Risk = 'low' | 'medium' | 'high' | 'critical'
export type Tier = 1 | 2 | 3
export type ActionKind = 'subject' | 'docker' | 'host' | 'script'

/**
 * What running an action produced. A failed action whose evidence is a log
 * (a member that could not start) puts its decisive lines, redacted, in
 * `details.log_excerpt` (string[]): an escalation carries them to a person.
 */
export type ActionResult =
  | { status: 'ok'; summary: string; details?: Record<string, unknown> }
  | { status: 'failed'; summary: string; error: string; details?: Record<string, unknown> }

/** The `log_excerpt` lines of a result's details; [] when there are none. */
export function logExcerptOf(details: Record<string, unknown> | undefined): string[] {
  const lines = details?.log_excerpt
  return Array.isArray(lines) ? lines.filter((l): l is string => typeof l === 'string') : []
}

/** What an action's run function gets. */
export interface ActionContext {
  signal: AbortSignal
  /** The proposal being executed, when there is one (labels containers actions start). */
  proposal_id?: string
  clock: Clock
  /** Structured progress lines, forwarded to the process's log. */
  log: (message: string, fields?: Record<string, unknown>) => void
}

/**
 * What an action is, known without any cluster: the catalogue entry that
 * policy, validation, `policy explain`, `scenario validate` and outside agents
 * read. Each subject declares its own as data; executors declare the generic ones.
 */
export interface ActionSpec<P = unknown> {
  name: string
  kind: ActionKind
  description: string
  params: z.ZodType<P>
  risk: Risk
  tier: Tier
}

/** An action bound to an open run: its catalogue entry and what running it does. */
export interface ActionDefinition<P = unknown> extends ActionSpec<P> {
  run(params: P, ctx: ActionContext): Promise<ActionResult>
}

/** Declares a catalogue entry, keeping its params type. */
export function actionSpec<P>(spec: ActionSpec<P>): ActionSpec<P> {
  return spec
}

/** The catalogue entry of a bound action (without its run function). */
export function specOf<P>(action: ActionSpec<P>): ActionSpec<P> {
  const { name, kind, description, params, risk, tier } = action
  return { name, kind, description, params, risk, tier }
}
