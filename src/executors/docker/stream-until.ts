/**
 * Waiting on an engine stream (attach, exec) with a deadline and an abort
 * signal, with the client's idle timeout switched off on it: a quiet
 * process must not cut its own output stream.
 */
import type { Socket } from 'node:net'
import type { Readable } from 'node:stream'

export type StreamEnd = 'ended' | 'timed_out' | 'aborted'

/** Switches off the socket idle timeout under an engine stream (a hijacked socket or an HTTP response). */
export function keepStreamOpen(stream: NodeJS.ReadableStream | Readable): void {
  const s = stream as { setTimeout?: (ms: number) => unknown; socket?: Socket | null }
  if (typeof s.setTimeout === 'function') s.setTimeout(0)
  s.socket?.setTimeout(0)
}

/** Closes an engine stream we stop reading (after a timeout or abort). */
export function closeStream(stream: NodeJS.ReadableStream | Readable): void {
  const s = stream as { destroy?: () => void }
  s.destroy?.()
}

export function streamUntil(stream: NodeJS.ReadableStream, timeoutMs: number, signal: AbortSignal): Promise<StreamEnd> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined
    const finish = (end: StreamEnd) => {
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      stream.removeListener('end', onEnd)
      stream.removeListener('close', onEnd)
      stream.removeListener('error', onEnd)
      resolve(end)
    }
    const onEnd = () => finish('ended')
    const onAbort = () => finish('aborted')
    if (signal.aborted) {
      finish('aborted')
      return
    }
    timer = setTimeout(() => finish('timed_out'), timeoutMs)
    signal.addEventListener('abort', onAbort, { once: true })
    stream.once('end', onEnd)
    stream.once('close', onEnd)
    stream.once('error', onEnd)
  })
}
