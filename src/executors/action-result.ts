/**
 * Helpers shared by executors: typed action definitions that still join a
 * list of ActionDefinition<unknown>, and building results.
 */
import type { ActionDefinition, ActionResult } from '../core/subject.js'

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
