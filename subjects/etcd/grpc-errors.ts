/**
 * Classifies etcd client errors by their typed class (never by message text):
 * a member that refuses connections is down; one that accepts them and never
 * answers (SIGSTOPped) is unresponsive; NOSPACE arrives as ResourceExhausted.
 */
import { GRPCDeadlineExceededError, GRPCResourceExhastedError } from 'etcd3'
import { errorMessage } from '../../src/core/errors.js'

export type UnreachableState = 'down' | 'unresponsive'

/** How an unreachable member looks from the error of a call to it. */
export function unreachableState(err: unknown): UnreachableState {
  return err instanceof GRPCDeadlineExceededError ? 'unresponsive' : 'down'
}

/** Whether a write failed because the backend quota is exhausted (NOSPACE). */
export function isNoSpaceError(err: unknown): boolean {
  return err instanceof GRPCResourceExhastedError
}

/** Short text for evidence: the error class and its message. */
export function describeError(err: unknown): string {
  const message = errorMessage(err).split('\n')[0] ?? ''
  return message.length > 300 ? `${message.slice(0, 297)}...` : message
}
