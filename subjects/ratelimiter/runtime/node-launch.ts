/**
 * How each node of a run is started, from its run record alone, so the first
 * start and every restart use the same program, config and port. Redis and
 * Sentinel read a config file written here; a Sentinel's file is written only
 * once, because Sentinel rewrites it with what it has learnt (the current
 * primary, the other Sentinels) and a restart must keep that.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { OperatorError } from '../../../src/core/errors.js'
import { appArgs, DEFAULT_COMMAND_TIMEOUT_MS } from '../app/app-config.js'
import { KEY_PREFIX, MAXMEMORY_POLICY, SENTINEL_QUORUM } from '../defaults.js'
import { redisConf, sentinelConf } from './node-config.js'
import type { RatelimiterRunRecord, RunNode } from './run-record.js'
import { nodeConfigPath, nodeDataDir, nodeLogFile } from './run-record.js'
import { redisSentinelBinary, redisServerBinary } from './settings.js'

/** One node's process: program, arguments, working dir and log. */
export interface NodeLaunch {
  name: string
  kind: RunNode['kind']
  binary: string
  args: string[]
  dataDir: string
  logFile: string
  /** The config file to write before the start: always for Redis, only when missing for a Sentinel. */
  config?: { path: string; text: string }
}

/** The built app (dist/subjects/ratelimiter/app/server.js), also when this module runs from source. */
export function appScriptPath(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const sibling = join(here, '..', 'app', 'server.js')
  if (existsSync(sibling)) return sibling
  return join(resolve(here, '..', '..', '..'), 'dist', 'subjects', 'ratelimiter', 'app', 'server.js')
}

export function findNode(run: RatelimiterRunRecord, name: string): RunNode {
  const node = run.nodes.find((n) => n.name === name)
  if (node === undefined) {
    throw new OperatorError(
      'usage',
      `"${name}" is not a node of run ${run.run_id}`,
      `use one of ${run.nodes.map((n) => n.name).join(', ')}`,
    )
  }
  return node
}

const portsOf = (run: RatelimiterRunRecord, kind: RunNode['kind']): number[] =>
  run.nodes.filter((n) => n.kind === kind).map((n) => n.port)

/**
 * The launch of one node. `primaryPort` is where a Redis node replicates
 * from (its own port: it starts as the primary) and where a new Sentinel
 * looks first; it is ignored for apps.
 */
export function nodeLaunch(home: string, run: RatelimiterRunRecord, node: RunNode, primaryPort: number): NodeLaunch {
  const dataDir = nodeDataDir(home, run.run_id, node.name)
  const logFile = nodeLogFile(home, run.run_id, node.name)
  const conf = nodeConfigPath(home, run.run_id, node.name)
  const base = { name: node.name, kind: node.kind, dataDir, logFile }
  if (node.kind === 'redis') {
    const text = redisConf({
      port: node.port,
      dataDir,
      maxmemoryBytes: run.maxmemory_bytes,
      maxmemoryPolicy: MAXMEMORY_POLICY,
      replicaOf: primaryPort === node.port ? null : primaryPort,
    })
    return { ...base, binary: redisServerBinary(), args: [conf], ...pendingConfig(conf, text, true) }
  }
  if (node.kind === 'sentinel') {
    const text = sentinelConf({
      port: node.port,
      dataDir,
      masterName: run.master_name,
      primaryPort,
      quorum: SENTINEL_QUORUM,
    })
    return { ...base, binary: redisSentinelBinary(), args: [conf], ...pendingConfig(conf, text, false) }
  }
  const args = appArgs({
    name: node.name,
    port: node.port,
    sentinels: portsOf(run, 'sentinel'),
    masterName: run.master_name,
    keyPrefix: KEY_PREFIX,
    points: run.limit.points,
    durationS: run.limit.duration_s,
    instances: portsOf(run, 'app').length,
    commandTimeoutMs: DEFAULT_COMMAND_TIMEOUT_MS,
  })
  return { ...base, binary: process.execPath, args: [appScriptPath(), ...args] }
}

function pendingConfig(path: string, text: string, overwrite: boolean): Pick<NodeLaunch, 'config'> {
  return overwrite || !existsSync(path) ? { config: { path, text } } : {}
}

/** Writes the launch's config file (if any) and makes its dirs. */
export function prepareLaunch(launch: NodeLaunch): void {
  mkdirSync(launch.dataDir, { recursive: true, mode: 0o700 })
  mkdirSync(dirname(launch.logFile), { recursive: true })
  if (launch.config !== undefined) {
    mkdirSync(dirname(launch.config.path), { recursive: true, mode: 0o700 })
    writeFileSync(launch.config.path, launch.config.text, { mode: 0o600 })
  }
}
