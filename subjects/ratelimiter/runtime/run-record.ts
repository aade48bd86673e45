/**
 * The files that describe a ratelimiter run: `<home>/runs/<id>/run.json`
 * (fixed identities and ports), `members/<name>.json` (each process as last
 * started), `<home>/current-ratelimiter` naming the current run. Any terminal
 * can act on a run from these alone.
 */
import { join } from 'node:path'
import { z } from 'zod'

export const NodeKind = z.enum(['redis', 'sentinel', 'app'])
export type NodeKind = z.infer<typeof NodeKind>

/** A member's fixed identity within a run: its kind and loopback port. */
export const RunNode = z.object({
  name: z.string(),
  kind: NodeKind,
  port: z.number().int().positive(),
})
export type RunNode = z.infer<typeof RunNode>

export const RatelimiterRunRecord = z.object({
  subject: z.literal('ratelimiter'),
  run_id: z.string(),
  runtime: z.literal('process'),
  created_at: z.number(),
  master_name: z.string(),
  /** The primary when the run started (Sentinel may move it since). */
  initial_primary: z.string(),
  limit: z.object({ points: z.number().int().positive(), duration_s: z.number().positive() }),
  maxmemory_bytes: z.number().int().positive(),
  maxmemory_ceiling_bytes: z.number().int().positive(),
  nodes: z.array(RunNode),
})
export type RatelimiterRunRecord = z.infer<typeof RatelimiterRunRecord>

/** One process as last started: what down, status and restarts act on. */
export const NodeProcessRecord = z.object({
  name: z.string(),
  pid: z.number().int().positive(),
  /** Field 22 of /proc/<pid>/stat at start: guards against pid reuse. */
  start_time: z.number().int().nonnegative(),
  log_file: z.string(),
  started_at: z.number(),
})
export type NodeProcessRecord = z.infer<typeof NodeProcessRecord>

export const runDir = (home: string, runId: string): string => join(home, 'runs', runId)
export const runRecordPath = (home: string, runId: string): string => join(runDir(home, runId), 'run.json')
export const nodeRecordPath = (home: string, runId: string, name: string): string =>
  join(runDir(home, runId), 'members', `${name}.json`)
export const nodeLogFile = (home: string, runId: string, name: string): string =>
  join(runDir(home, runId), 'logs', `${name}.log`)
export const currentRunPath = (home: string): string => join(home, 'current-ratelimiter')
/** The workload's ground truth: admitted requests per key and window (workload-truth.ts writes it). */
export const truthPath = (home: string, runId: string): string => join(runDir(home, runId), 'workload-truth.json')
/** A node's working directory: Redis's dump and Sentinel's state live here. */
export const nodeDataDir = (home: string, runId: string, name: string): string =>
  join(runDir(home, runId), 'data', name)
/** A Redis node's or Sentinel's config file (Sentinel rewrites its own as it learns). */
export const nodeConfigPath = (home: string, runId: string, name: string): string =>
  join(runDir(home, runId), 'conf', `${name}.conf`)
