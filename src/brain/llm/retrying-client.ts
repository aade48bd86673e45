/**
 * Bounded retries around any ModelClient: a retryable ProviderError
 * (connection, timeout, 429, 5xx) is tried again after an exponential,
 * jittered backoff (cockatiel), or after the provider's retry-after when it
 * gave one, capped by maxDelayMs. Aborts and other errors pass straight
 * through, and aborting the signal ends a wait at once.
 */
import {
  ExponentialBackoff,
  halfJitterGenerator,
  handleWhen,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
  retry,
} from 'cockatiel'
import { type ModelClient, ProviderError } from './model-client.js'
import { abortError } from './provider-errors.js'

export interface RetryOptions {
  /** Tries in all, the first included: 3 means at most 2 retries. */
  attempts: number
  /** The first backoff, in ms; each next one about doubles (with jitter). */
  baseDelayMs: number
  /** No wait is longer, a provider's retry-after included. */
  maxDelayMs: number
  /** Called before each wait: which retry comes next, how long the wait is, what failed. */
  onRetry?: (info: { attempt: number; delayMs: number; error: string }) => void
}

type Context = IRetryBackoffContext<unknown>

const isRetryable = (err: Error) => err instanceof ProviderError && err.retryable

export function withRetries(client: ModelClient, o: RetryOptions): ModelClient {
  return {
    provider: client.provider,
    model: client.model,
    complete(request, signal, onEvent) {
      if (signal.aborted) return Promise.reject(abortError(signal.reason))
      const policy = retry(handleWhen(isRetryable), {
        maxAttempts: Math.max(0, o.attempts - 1),
        backoff: providerBackoff(o),
      }).dangerouslyUnref()
      let waiting = false
      policy.onRetry((event) => {
        waiting = true
        const error = 'error' in event ? event.error.message : 'no answer'
        o.onRetry?.({ attempt: event.attempt, delayMs: event.delay, error })
      })
      const work = policy.execute(({ signal: s }) => {
        // cockatiel's wait does not watch the signal: the race below ends it, and this call then does nothing.
        if (s.aborted) throw abortError(s.reason)
        waiting = false
        return client.complete(request, s, onEvent)
      }, signal)
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          if (waiting) reject(abortError(signal.reason))
        }
        signal.addEventListener('abort', onAbort, { once: true })
        work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
      })
    },
  }
}

/** Exponential backoff with jitter, except that a provider's retry-after (capped) wins. */
function providerBackoff(o: RetryOptions): IBackoffFactory<Context> {
  const exponential = new ExponentialBackoff({
    initialDelay: o.baseDelayMs,
    maxDelay: o.maxDelayMs,
    generator: halfJitterGenerator,
  })
  const step = (previous: IBackoff<unknown> | null, context: Context): IBackoff<Context> => {
    const inner = previous ? previous.next(context) : exponential.next()
    const err = 'error' in context.result ? context.result.error : null
    const asked = err instanceof ProviderError && err.retryAfterS !== null ? err.retryAfterS * 1000 : null
    const duration = asked === null ? inner.duration : Math.min(asked, o.maxDelayMs)
    return { duration, next: (c) => step(inner, c) }
  }
  return { next: (context) => step(null, context) }
}
