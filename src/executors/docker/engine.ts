/**
 * Finding the Docker engine, the same way for every command: DOCKER_HOST,
 * then the default socket, then the engine `scripts/setup.sh` starts with its
 * own socket. Every call goes through dockerode; nothing shells out to the
 * docker CLI. The engine is only ever reached through a unix socket or a
 * loopback address.
 */
import { existsSync } from 'node:fs'
import Docker from 'dockerode'
import { errorMessage, OperatorError } from '../../core/errors.js'

/** The socket of the engine that `scripts/setup.sh` starts when no other answers. */
export const OPERATOR_DOCKER_SOCKET = '/run/operator-docker/docker.sock'
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock'

export interface Engine {
  docker: Docker
  /** Where it answered, as DOCKER_HOST would say it. */
  host: string
  version: string
}

export type EngineProbe =
  | { ok: true; host: string; version: string }
  | { ok: false; host: string | null; tried: string[]; error: string }

function candidates(env: NodeJS.ProcessEnv): string[] {
  const hosts: string[] = []
  if (env.DOCKER_HOST) hosts.push(env.DOCKER_HOST)
  hosts.push(`unix://${DEFAULT_DOCKER_SOCKET}`, `unix://${OPERATOR_DOCKER_SOCKET}`)
  return [...new Set(hosts)]
}

function client(host: string): Docker {
  // docker-modem fills unset options from DOCKER_HOST; a host left there would win over the socket.
  if (host.startsWith('unix://'))
    return new Docker({ socketPath: host.slice('unix://'.length), host: undefined, port: undefined, timeout: 10_000 })
  const url = new URL(host.replace(/^tcp:/, 'http:'))
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost' && url.hostname !== '[::1]') {
    throw new OperatorError(
      'config',
      `DOCKER_HOST ${host} is not on this machine`,
      'Operator only talks to a Docker engine on a unix socket or 127.0.0.1',
    )
  }
  return new Docker({ host: url.hostname, port: Number(url.port || 2375), protocol: 'http', timeout: 10_000 })
}

/** Tries each candidate in order; the first that answers a ping wins. An abort of signal ends the probe at once. */
export async function probeEngine(
  env: NodeJS.ProcessEnv = process.env,
  signal?: AbortSignal,
): Promise<EngineProbe & { engine?: Engine }> {
  const tried: string[] = []
  let lastError = 'no socket found'
  for (const host of candidates(env)) {
    if (host.startsWith('unix://') && !existsSync(host.slice('unix://'.length))) {
      tried.push(host)
      continue
    }
    tried.push(host)
    try {
      signal?.throwIfAborted()
      const docker = client(host)
      // dockerode passes abortSignal on to the request; its types omit it for these two calls.
      const abortable = docker as unknown as {
        ping(o: object): Promise<unknown>
        version(o: object): Promise<Docker.DockerVersion>
      }
      const opts = signal ? { abortSignal: signal } : {}
      await abortable.ping(opts)
      const version = (await abortable.version(opts)).Version
      return { ok: true, host, version, engine: { docker, host, version } }
    } catch (err) {
      if (err instanceof OperatorError || signal?.aborted) throw err
      lastError = errorMessage(err)
    }
  }
  return { ok: false, host: null, tried, error: lastError }
}

export async function requireEngine(env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<Engine> {
  const probe = await probeEngine(env, signal)
  if (probe.ok && probe.engine) return probe.engine
  throw new OperatorError(
    'config',
    `no Docker engine answers (tried ${probe.ok ? '' : probe.tried.join(', ')})`,
    'run `bash scripts/setup.sh` (it installs docker.io and starts dockerd) or set DOCKER_HOST',
    { code: 'docker_unavailable' },
  )
}

/** How executors reach the engine: found (or cached) on demand, abortable. */
export type EngineGetter = (signal?: AbortSignal) => Promise<Engine>

/** Labels on everything Operator creates (DESIGN.md, "Actions and the loop"). */
export const LABEL_MANAGED = 'operator.managed'
export const LABEL_ROLE = 'operator.role'
export const LABEL_RUN = 'operator.run'

export function operatorLabels(
  role: 'subject' | 'action',
  runId: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { [LABEL_MANAGED]: 'true', [LABEL_ROLE]: role, [LABEL_RUN]: runId, ...extra }
}
