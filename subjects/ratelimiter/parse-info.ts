/**
 * Pure parsers of the Redis and Sentinel replies the observer reads: INFO's
 * replication, memory and stats sections, SCAN pages and PTTLs, Sentinel's
 * `get-master-addr-by-name`, and the apps' `host:port`. Tested on real reply texts.
 */
import { infoNumber } from './redis-admin.js'

/** A node's place in replication, from INFO replication. */
export interface ReplicationFacts {
  role: 'master' | 'slave' | null
  /** A replica: the port of the primary it replicates from. */
  master_port: number | null
  /** A replica: `master_link_status:up`; null for a primary. */
  link_up: boolean | null
  /** Its replication offset: a primary's `master_repl_offset`, a replica's `slave_repl_offset`. */
  offset: number | null
}

export function replicationFacts(info: Map<string, string>): ReplicationFacts {
  const role = info.get('role')
  if (role === 'master')
    return { role, master_port: null, link_up: null, offset: infoNumber(info, 'master_repl_offset') }
  if (role === 'slave')
    return {
      role,
      master_port: infoNumber(info, 'master_port'),
      link_up: info.get('master_link_status') === 'up',
      offset: infoNumber(info, 'slave_repl_offset') ?? infoNumber(info, 'master_repl_offset'),
    }
  return { role: null, master_port: null, link_up: null, offset: null }
}

/** Memory and eviction counters from INFO memory and stats. */
export interface MemoryFacts {
  used_memory: number | null
  /** 0 in Redis means no limit: reported as null. */
  maxmemory: number | null
  evicted_keys: number | null
}

export function memoryFacts(info: Map<string, string>): MemoryFacts {
  const max = infoNumber(info, 'maxmemory')
  return {
    used_memory: infoNumber(info, 'used_memory'),
    maxmemory: max === null || max === 0 ? null : max,
    evicted_keys: infoNumber(info, 'evicted_keys'),
  }
}

/** Bytes a replica is behind its primary; null when either offset is unknown; never negative. */
export function lagBytes(primaryOffset: number | null, replicaOffset: number | null): number | null {
  if (primaryOffset === null || replicaOffset === null) return null
  return Math.max(0, primaryOffset - replicaOffset)
}

/** One SCAN reply (`[cursor, [key, …]]`) as its next cursor and keys. */
export function parseScanReply(reply: unknown): { cursor: string; keys: string[] } {
  if (!Array.isArray(reply) || reply.length !== 2 || !Array.isArray(reply[1]))
    throw new Error(`unexpected SCAN reply ${JSON.stringify(reply)}`)
  return { cursor: String(reply[0]), keys: reply[1].map(String) }
}

/** Keys whose PTTL reply is -1: they exist and never expire (-2: gone since the SCAN, not counted). */
export function keysWithoutTtl(keys: readonly string[], pttls: readonly unknown[]): string[] {
  return keys.filter((_, i) => Number(pttls[i]) === -1)
}

/** Sentinel's `get-master-addr-by-name` reply (`[host, port]`, or null for an unknown master) as a port. */
export function parseMasterAddr(reply: unknown): number | null {
  if (!Array.isArray(reply) || reply.length < 2) return null
  const port = Number(reply[1])
  return Number.isInteger(port) && port > 0 ? port : null
}

/** `127.0.0.1:6380` as its port; null for null or anything else. */
export function parseHostPort(address: string | null | undefined): number | null {
  if (address === null || address === undefined) return null
  const match = /:(\d+)$/.exec(address)
  if (match?.[1] === undefined) return null
  const port = Number(match[1])
  return port > 0 ? port : null
}
