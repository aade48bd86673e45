/**
 * One call to the Docker Engine API over plain node:http, for the kill
 * switch (see endpoints.ts for why not dockerode). An answer of 400 or more
 * rejects with an EngineHttpError carrying the status, as dockerode's errors
 * do, so callers branch on the code (409, 404), never on the text.
 */
import { request } from 'node:http'
import type { EngineEndpoint } from './endpoints.js'

export class EngineHttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message)
    this.name = 'EngineHttpError'
  }
}

export interface EngineCallOptions {
  signal: AbortSignal
  /** Called once the whole request is handed to the operating system: from then on the engine can act on it. */
  onSent?: () => void
}

function engineMessage(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown }
    if (typeof parsed.message === 'string') return parsed.message
  } catch {
    // Not JSON: the status says enough.
  }
  return `the Docker engine answered ${status}`
}

/** Sends one request; resolves with the body of a successful answer. */
export function engineCall(
  endpoint: EngineEndpoint,
  method: string,
  path: string,
  o: EngineCallOptions,
): Promise<string> {
  const where =
    'socketPath' in endpoint ? { socketPath: endpoint.socketPath } : { host: endpoint.hostname, port: endpoint.port }
  return new Promise((resolve, reject) => {
    const req = request({ ...where, method, path, signal: o.signal }, (res) => {
      const chunks: string[] = []
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const status = res.statusCode ?? 0
        const body = chunks.join('')
        if (status < 400) resolve(body)
        else reject(new EngineHttpError(status, engineMessage(status, body)))
      })
    })
    req.on('error', reject)
    if (o.onSent) req.once('finish', o.onSent)
    req.end()
  })
}
