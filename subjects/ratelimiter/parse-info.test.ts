import { describe, expect, it } from 'vitest'
import {
  keysWithoutTtl,
  lagBytes,
  memoryFacts,
  parseHostPort,
  parseMasterAddr,
  parseScanReply,
  replicationFacts,
} from './parse-info.js'
import { parseInfo } from './redis-admin.js'

/** Replies of redis-server 7.0.15 (Debian), as sent: CRLF line ends. */
const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`

const PRIMARY_REPLICATION = crlf([
  '# Replication',
  'role:master',
  'connected_slaves:1',
  'slave0:ip=127.0.0.1,port=26902,state=online,offset=608,lag=1',
  'master_failover_state:no-failover',
  'master_replid:b71327e6b7e792565eb6b6d368e7018c05e0f038',
  'master_replid2:0000000000000000000000000000000000000000',
  'master_repl_offset:608',
  'second_repl_offset:-1',
  'repl_backlog_active:1',
  'repl_backlog_size:1048576',
  'repl_backlog_first_byte_offset:1',
  'repl_backlog_histlen:608',
])

const REPLICA_REPLICATION = crlf([
  '# Replication',
  'role:slave',
  'master_host:127.0.0.1',
  'master_port:26901',
  'master_link_status:up',
  'master_last_io_seconds_ago:2',
  'master_sync_in_progress:0',
  'slave_read_repl_offset:600',
  'slave_repl_offset:600',
  'slave_priority:100',
  'slave_read_only:1',
  'replica_announced:1',
  'connected_slaves:0',
  'master_failover_state:no-failover',
  'master_replid:b71327e6b7e792565eb6b6d368e7018c05e0f038',
  'master_replid2:0000000000000000000000000000000000000000',
  'master_repl_offset:600',
])

const REPLICA_LINK_DOWN = crlf([
  '# Replication',
  'role:slave',
  'master_host:127.0.0.1',
  'master_port:26901',
  'master_link_status:down',
  'master_last_io_seconds_ago:-1',
  'master_sync_in_progress:0',
  'slave_read_repl_offset:1',
  'slave_repl_offset:1',
  'master_link_down_since_seconds:-1',
  'slave_priority:100',
])

const MEMORY_AND_STATS = crlf([
  '# Memory',
  'used_memory:1202264',
  'used_memory_human:1.15M',
  'maxmemory:33554432',
  'maxmemory_human:32.00M',
  'maxmemory_policy:volatile-lru',
  '',
  '# Stats',
  'total_connections_received:9',
  'expired_keys:1',
  'evicted_keys:17',
  'evicted_clients:0',
])

describe('INFO parsing', () => {
  it('reads a primary: role master and its replication offset', () => {
    expect(replicationFacts(parseInfo(PRIMARY_REPLICATION))).toEqual({
      role: 'master',
      master_port: null,
      link_up: null,
      offset: 608,
    })
  })

  it('reads a replica: the primary port, its link and its own offset', () => {
    expect(replicationFacts(parseInfo(REPLICA_REPLICATION))).toEqual({
      role: 'slave',
      master_port: 26901,
      link_up: true,
      offset: 600,
    })
    expect(replicationFacts(parseInfo(REPLICA_LINK_DOWN))).toMatchObject({ link_up: false, master_port: 26901 })
  })

  it('knows no role in a reply that has none', () => {
    expect(replicationFacts(parseInfo('# Server\r\nredis_version:7.0.15\r\n')).role).toBeNull()
  })

  it('reads memory and evictions, and a maxmemory of 0 as no limit', () => {
    expect(memoryFacts(parseInfo(MEMORY_AND_STATS))).toEqual({
      used_memory: 1202264,
      maxmemory: 33554432,
      evicted_keys: 17,
    })
    expect(memoryFacts(parseInfo('used_memory:1000\r\nmaxmemory:0\r\n')).maxmemory).toBeNull()
  })

  it('measures a replica lag from the primary offset, never below zero', () => {
    expect(lagBytes(608, 600)).toBe(8)
    expect(lagBytes(600, 608)).toBe(0)
    expect(lagBytes(null, 600)).toBeNull()
  })
})

describe('key and Sentinel replies', () => {
  it('reads a SCAN page and refuses anything else', () => {
    expect(parseScanReply(['17', ['rl:k1', 'rl:k2']])).toEqual({ cursor: '17', keys: ['rl:k1', 'rl:k2'] })
    expect(() => parseScanReply('OK')).toThrow(/unexpected SCAN reply/)
  })

  it('counts keys whose PTTL is -1 as without TTL, not those gone since the scan (-2)', () => {
    expect(keysWithoutTtl(['rl:k1', 'rl:k2', 'rl:k3'], [412, -1, -2])).toEqual(['rl:k2'])
  })

  it('reads the port a Sentinel names, or null for a master it does not know', () => {
    expect(parseMasterAddr(['127.0.0.1', '26901'])).toBe(26901)
    expect(parseMasterAddr(null)).toBeNull()
  })

  it('reads the port of an app redis address', () => {
    expect(parseHostPort('127.0.0.1:26380')).toBe(26380)
    expect(parseHostPort(null)).toBeNull()
    expect(parseHostPort('nowhere')).toBeNull()
  })
})
