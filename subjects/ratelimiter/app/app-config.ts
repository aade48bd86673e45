/**
 * An app instance's settings and its command line, both ways: the runtime
 * builds the arguments, the app parses them (falling back to
 * OPERATOR_RL_* variables, then the subject's defaults). Pure.
 */
import { parseArgs } from 'node:util'
import { DEFAULT_LIMIT, KEY_PREFIX, MASTER_NAME } from '../defaults.js'

export interface AppConfig {
  /** The instance's member name (a1…), on every log line. */
  name: string
  /** Where it listens, on 127.0.0.1. */
  port: number
  /** Sentinel ports on 127.0.0.1. */
  sentinels: number[]
  masterName: string
  keyPrefix: string
  points: number
  durationS: number
  /** How many instances share the limit: the in-memory insurance admits points / instances. */
  instances: number
  /** A Redis call slower than this falls back to the insurance limiter (a paused primary). */
  commandTimeoutMs: number
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 500

export function appArgs(c: AppConfig): string[] {
  return [
    ['--name', c.name],
    ['--port', String(c.port)],
    ['--sentinels', c.sentinels.join(',')],
    ['--master-name', c.masterName],
    ['--key-prefix', c.keyPrefix],
    ['--points', String(c.points)],
    ['--duration', String(c.durationS)],
    ['--instances', String(c.instances)],
    ['--command-timeout', String(c.commandTimeoutMs)],
  ].flat()
}

function positive(what: string, text: string | undefined, fallback?: number): number {
  if (text === undefined && fallback !== undefined) return fallback
  const n = Number(text)
  if (text === undefined || !Number.isFinite(n) || n <= 0)
    throw new Error(`${what} must be a positive number, got ${text}`)
  return n
}

function port(what: string, text: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${what} must be a port (1–65535), got "${text}"`)
  return n
}

/** The app's settings from its arguments and environment; throws one line naming what is wrong. */
export function parseAppArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): AppConfig {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      name: { type: 'string' },
      port: { type: 'string' },
      sentinels: { type: 'string' },
      'master-name': { type: 'string' },
      'key-prefix': { type: 'string' },
      points: { type: 'string' },
      duration: { type: 'string' },
      instances: { type: 'string' },
      'command-timeout': { type: 'string' },
    },
    strict: true,
  })
  const portText = values.port ?? env.OPERATOR_RL_PORT
  const sentinelText = values.sentinels ?? env.OPERATOR_RL_SENTINELS
  if (portText === undefined) throw new Error('--port is required')
  if (sentinelText === undefined || sentinelText.trim() === '') throw new Error('--sentinels is required')
  const points = positive('--points', values.points ?? env.OPERATOR_RL_POINTS, DEFAULT_LIMIT.points)
  if (!Number.isInteger(points)) throw new Error(`--points must be a whole number, got ${points}`)
  const instances = positive('--instances', values.instances ?? env.OPERATOR_RL_INSTANCES, 1)
  return {
    name: values.name ?? env.OPERATOR_RL_NAME ?? 'app',
    port: port('--port', portText),
    sentinels: sentinelText.split(',').map((p) => port('--sentinels', p.trim())),
    masterName: values['master-name'] ?? MASTER_NAME,
    keyPrefix: values['key-prefix'] ?? KEY_PREFIX,
    points,
    durationS: positive('--duration', values.duration ?? env.OPERATOR_RL_DURATION, DEFAULT_LIMIT.duration_s),
    instances: Math.floor(instances),
    commandTimeoutMs: positive('--command-timeout', values['command-timeout'], DEFAULT_COMMAND_TIMEOUT_MS),
  }
}
