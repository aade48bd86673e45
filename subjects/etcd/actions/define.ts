/**
 * Helpers shared by the etcd actions: typed definitions, the member-name
 * parameter, and building results.
 */
import { z } from 'zod'
import type { ActionDefinition, ActionResult } from '../../../src/core/subject.js'
import { MEMBER_NAMES } from '../defaults.js'

/** A member of the run, by name. */
export const MemberNameSchema = z.enum(MEMBER_NAMES)

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
