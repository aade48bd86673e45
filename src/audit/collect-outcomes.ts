/**
 * What ran and what was checked afterwards, read from the proposal and from
 * its `proposal.*` events in the chain range: execution start (who, with
 * which token and approvers), outcome and result, and the verification.
 */
import type { Proposal } from '../core/records.js'
import type { ChainData, ChainEvent, ExecutionData, VerificationData } from './package-schema.js'

const OUTCOMES = ['executed', 'failed', 'interrupted', 'cancelled'] as const
const VERIFICATIONS = ['verified', 'verify_failed'] as const

function stringOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : null
}

type Found<T> = { event: ChainEvent; status: T } | null

function ofType<T extends string>(e: ChainEvent, statuses: readonly T[]): Found<T> {
  const status = statuses.find((s) => e.type === `proposal.${s}`)
  return status ? { event: e, status } : null
}

function firstOfType<T extends string>(events: readonly ChainEvent[], statuses: readonly T[]): Found<T> {
  for (const e of events) {
    const found = ofType(e, statuses)
    if (found) return found
  }
  return null
}

function lastOfType<T extends string>(events: readonly ChainEvent[], statuses: readonly T[]): Found<T> {
  return firstOfType([...events].reverse(), statuses)
}

export function fullEvents(chain: ChainData): ChainEvent[] {
  return chain.events.filter((e): e is ChainEvent => e.kind === 'event')
}

export function collectExecution(p: Proposal, chain: ChainData): ExecutionData {
  return { proposal_status: p.status, ...executionFromChain(chain), result: p.result }
}

/** When execution started and how it ended, as the chain recorded it. */
export function executionFromChain(chain: ChainData): Pick<ExecutionData, 'started' | 'outcome'> {
  const events = fullEvents(chain)
  const start = events.find((e) => e.type === 'proposal.executing')
  // The first way execution ended (executing → executed | failed | interrupted | cancelled); a later
  // cancellation of an executed proposal does not change what ran.
  const end = start
    ? firstOfType(
        events.filter((e) => e.seq > start.seq),
        OUTCOMES,
      )
    : null
  const approvers = start?.payload.approvers
  return {
    started: start
      ? {
          seq: start.seq,
          at: start.ts,
          by: start.actor,
          token_id: stringOrNull(start.payload.token_id),
          approvers: Array.isArray(approvers) ? approvers.filter((a): a is string => typeof a === 'string') : null,
        }
      : null,
    outcome: end
      ? {
          seq: end.event.seq,
          at: end.event.ts,
          by: end.event.actor,
          status: end.status,
          reason: stringOrNull(end.event.payload.reason),
        }
      : null,
  }
}

export function collectVerification(chain: ChainData): VerificationData {
  const last = lastOfType(fullEvents(chain), VERIFICATIONS)
  if (!last) return { outcome: null }
  const e = last.event
  return {
    outcome: {
      seq: e.seq,
      at: e.ts,
      by: e.actor,
      status: last.status,
      reason: stringOrNull(e.payload.reason),
      details: e.payload,
    },
  }
}
