/**
 * Where a Docker engine may answer, and the labels on what Operator creates,
 * without loading dockerode: the kill switch's container half reaches the
 * engine with a few plain HTTP calls (engine-http.ts), and `operator kill`
 * must not pay dockerode's start-up cost (about 0.4 s) before it can kill.
 * The same order and the same loopback-only rule as engine.ts.
 */

/** The socket of the engine that `scripts/setup.sh` starts when no other answers. */
export const OPERATOR_DOCKER_SOCKET = '/run/operator-docker/docker.sock'
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock'

/** Labels on everything Operator creates (DESIGN.md, "Actions and the loop"). */
export const LABEL_MANAGED = 'operator.managed'
export const LABEL_ROLE = 'operator.role'
export const LABEL_RUN = 'operator.run'

/** How to reach one engine: a unix socket, or a port on this machine. */
export type EngineEndpoint = { host: string; socketPath: string } | { host: string; hostname: string; port: number }

/** DOCKER_HOST, then the default socket, then the engine `scripts/setup.sh` starts, each once. */
export function engineHosts(env: NodeJS.ProcessEnv = process.env): string[] {
  const hosts: string[] = []
  if (env.DOCKER_HOST) hosts.push(env.DOCKER_HOST)
  hosts.push(`unix://${DEFAULT_DOCKER_SOCKET}`, `unix://${OPERATOR_DOCKER_SOCKET}`)
  return [...new Set(hosts)]
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** The endpoint of a host as DOCKER_HOST says it; null for an address that is not on this machine. */
export function engineEndpoint(host: string): EngineEndpoint | null {
  if (host.startsWith('unix://')) return { host, socketPath: host.slice('unix://'.length) }
  const url = new URL(host.replace(/^tcp:/, 'http:'))
  if (!LOOPBACK.has(url.hostname)) return null
  return { host, hostname: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 2375) }
}
