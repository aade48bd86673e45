import { describe, expect, it } from 'vitest'
import { redisConf, sentinelConf } from './node-config.js'
import { DOWN_AFTER_MS, FAILOVER_TIMEOUT_MS } from './settings.js'

const directives = (text: string) => text.trim().split('\n')

describe('Redis and Sentinel config files', () => {
  const base = { port: 41001, dataDir: '/h/runs/x/data/r1', maxmemoryBytes: 33554432, maxmemoryPolicy: 'volatile-lru' }

  it('starts the primary on loopback with the small maxmemory, volatile-lru, no persistence and no replicaof', () => {
    const lines = directives(redisConf({ ...base, replicaOf: null }))
    expect(lines).toEqual(
      expect.arrayContaining([
        'port 41001',
        'bind 127.0.0.1',
        'protected-mode yes',
        'daemonize no',
        'logfile ""',
        'dir /h/runs/x/data/r1',
        'save ""',
        'appendonly no',
        'maxmemory 33554432',
        'maxmemory-policy volatile-lru',
        'repl-diskless-sync-delay 0',
      ]),
    )
    expect(lines.some((l) => l.startsWith('replicaof'))).toBe(false)
  })

  it('makes a replica replicate from the primary on 127.0.0.1', () => {
    const lines = directives(redisConf({ ...base, port: 41002, replicaOf: 41001 }))
    expect(lines).toContain('port 41002')
    expect(lines.at(-1)).toBe('replicaof 127.0.0.1 41001')
  })

  it('has every Sentinel monitor the primary with quorum 2, announce 127.0.0.1 and fail over within seconds', () => {
    const lines = directives(
      sentinelConf({ port: 42001, dataDir: '/d/s1', masterName: 'ratelimiter', primaryPort: 41001, quorum: 2 }),
    )
    expect(lines).toEqual(
      expect.arrayContaining([
        'port 42001',
        'bind 127.0.0.1',
        'daemonize no',
        'dir /d/s1',
        'sentinel resolve-hostnames no',
        'sentinel announce-ip 127.0.0.1',
        'sentinel monitor ratelimiter 127.0.0.1 41001 2',
        `sentinel down-after-milliseconds ratelimiter ${DOWN_AFTER_MS}`,
        `sentinel failover-timeout ratelimiter ${FAILOVER_TIMEOUT_MS}`,
      ]),
    )
    expect(DOWN_AFTER_MS).toBeGreaterThanOrEqual(1000)
    expect(DOWN_AFTER_MS).toBeLessThanOrEqual(2000)
    // The monitor line must come before the options that name the master.
    const monitor = lines.findIndex((l) => l.startsWith('sentinel monitor'))
    expect(lines.findIndex((l) => l.startsWith('sentinel down-after'))).toBeGreaterThan(monitor)
  })
})
