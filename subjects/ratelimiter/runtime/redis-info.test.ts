import { describe, expect, it } from 'vitest'
import { majorityPort } from './current-primary.js'
import { listedReplicas, masterPort, pairsToRecord, parseInfo } from './redis-info.js'

const PRIMARY_INFO = [
  '# Replication',
  'role:master',
  'connected_slaves:2',
  'slave0:ip=127.0.0.1,port=7002,state=online,offset=1234,lag=0',
  'slave1:ip=127.0.0.1,port=7003,state=wait_bgsave,offset=0,lag=1',
  'master_repl_offset:1234',
  '',
].join('\r\n')

describe("reading Redis's and Sentinel's answers", () => {
  it('reads INFO fields and the replicas a primary lists', () => {
    const info = parseInfo(PRIMARY_INFO)
    expect(info).toMatchObject({ role: 'master', connected_slaves: '2', master_repl_offset: '1234' })
    expect(listedReplicas(info)).toEqual([
      { port: 7002, state: 'online', offset: 1234, lag: 0 },
      { port: 7003, state: 'wait_bgsave', offset: 0, lag: 1 },
    ])
  })

  it("reads Sentinel's field lists and the primary's address", () => {
    expect(pairsToRecord(['name', 'ratelimiter', 'num-slaves', '2', 'num-other-sentinels', '2'])).toEqual({
      name: 'ratelimiter',
      'num-slaves': '2',
      'num-other-sentinels': '2',
    })
    expect(pairsToRecord(null)).toEqual({})
    expect(masterPort(['127.0.0.1', '7002'])).toBe(7002)
    expect(masterPort(null)).toBeNull()
    expect(masterPort(['127.0.0.1', 'x'])).toBeNull()
  })

  it('takes the port most Sentinels name, and none on a tie or without answers', () => {
    expect(majorityPort([7002, 7002, 7001])).toBe(7002)
    expect(majorityPort([null, 7003, null])).toBe(7003)
    expect(majorityPort([7001, 7002])).toBeNull()
    expect(majorityPort([null, null])).toBeNull()
  })
})
