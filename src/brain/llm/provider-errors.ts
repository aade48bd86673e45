/**
 * What both provider adapters share about failure: telling an abort (the
 * caller's signal: the kill switch, a budget) from a provider error, sorting
 * SDK errors into retryable and not, and a per-request idle deadline that
 * fires when the provider goes quiet for `timeoutMs`, before or during a stream.
 */
import * as Anthropic from '@anthropic-ai/sdk'
import * as OpenAI from 'openai'
import { ProviderError } from './model-client.js'

/** True for the caller's abort, whichever SDK (or fetch, or a wait) reported it. */
export function isAbort(err: unknown): boolean {
  if (err instanceof Anthropic.APIUserAbortError || err instanceof OpenAI.APIUserAbortError) return true
  return err instanceof Error && err.name === 'AbortError'
}

/** The error thrown when the caller's signal ends something that is not an SDK call. */
export function abortError(cause?: unknown): Error {
  const err = new Error('aborted', { cause })
  err.name = 'AbortError'
  return err
}

const RETRYABLE_STREAM_ERRORS = new Set(['overloaded_error', 'api_error', 'rate_limit_error', 'timeout_error'])

/** An SDK error as a ProviderError: connection errors, timeouts, 408, 429 and 5xx are retryable. */
export function toProviderError(err: unknown, provider: string): ProviderError {
  if (err instanceof ProviderError) return err
  const message = `${provider}: ${oneLine(err instanceof Error ? err.message : String(err))}`
  const status = numberField(err, 'status')
  if (status !== null) {
    const retryable = status === 408 || status === 429 || status >= 500
    const retryAfterS = status === 429 ? retryAfterSeconds(headersOf(err)) : null
    return new ProviderError(message, retryable, retryAfterS, status)
  }
  if (err instanceof Anthropic.APIConnectionError || err instanceof OpenAI.APIConnectionError) {
    return new ProviderError(message, true)
  }
  // A garbled answer (an SSE chunk, or a streamed tool input the SDK parses, that is not JSON): another sample may do.
  // The Anthropic stream wraps the SyntaxError in an AnthropicError with the SyntaxError as its cause.
  const syntax =
    err instanceof SyntaxError ? err : err instanceof Error && err.cause instanceof SyntaxError ? err.cause : null
  if (syntax) return new ProviderError(`${provider}: the answer is not valid JSON: ${oneLine(syntax.message)}`, true)
  // An error event inside a stream has no HTTP status, only its type.
  const type = err instanceof Anthropic.APIError ? err.type : null
  return new ProviderError(message, type !== null && RETRYABLE_STREAM_ERRORS.has(type))
}

/** retry-after in seconds (a number or an HTTP date), else retry-after-ms; null when absent or unreadable. */
export function retryAfterSeconds(headers: Headers | null): number | null {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN)
  const raw = headers?.get('retry-after')
  if (raw) {
    const seconds = Number(raw)
    if (Number.isFinite(seconds) && seconds >= 0) return seconds
    const date = Date.parse(raw)
    if (Number.isFinite(date)) return Math.max(0, (date - Date.now()) / 1000)
  }
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : null
}

/** A signal that follows the caller's and also aborts after `timeoutMs` without `touch()`. */
export interface IdleDeadline {
  signal: AbortSignal
  /** Restart the clock: the provider said something. */
  touch(): void
  readonly timedOut: boolean
  readonly timeoutMs: number
  dispose(): void
}

export function idleDeadline(caller: AbortSignal, timeoutMs: number): IdleDeadline {
  const controller = new AbortController()
  let timedOut = false
  const fire = () => {
    timedOut = true
    controller.abort(new Error(`no answer for ${timeoutMs} ms`))
  }
  const onAbort = () => controller.abort(caller.reason)
  let timer = setTimeout(fire, timeoutMs)
  if (caller.aborted) onAbort()
  else caller.addEventListener('abort', onAbort, { once: true })
  return {
    signal: controller.signal,
    timeoutMs,
    touch() {
      clearTimeout(timer)
      if (!controller.signal.aborted) timer = setTimeout(fire, timeoutMs)
    },
    get timedOut() {
      return timedOut
    },
    dispose() {
      clearTimeout(timer)
      caller.removeEventListener('abort', onAbort)
    },
  }
}

/**
 * The error a failed request ends with: the caller's abort as is (or as an
 * AbortError when the SDK reported it otherwise), the idle deadline as a
 * retryable timeout, anything else classified.
 */
export function requestFailure(err: unknown, provider: string, caller: AbortSignal, deadline: IdleDeadline): Error {
  if (caller.aborted) return isAbort(err) ? (err as Error) : abortError(err)
  if (deadline.timedOut) return new ProviderError(`${provider}: no answer for ${deadline.timeoutMs} ms`, true)
  return toProviderError(err, provider)
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat
}

function numberField(err: unknown, key: string): number | null {
  if (typeof err !== 'object' || err === null) return null
  const value = (err as Record<string, unknown>)[key]
  return typeof value === 'number' ? value : null
}

function headersOf(err: unknown): Headers | null {
  if (typeof err !== 'object' || err === null) return null
  const value = (err as Record<string, unknown>).headers
  return value instanceof Headers ? value : null
}
