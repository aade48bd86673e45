import { describe, expect, it } from 'vitest'
import { decisiveLines, parseNodeLogLine } from './log-lines.js'

const SENTINEL_LOG = [
  '4242:X 30 Nov 2026 02:31:00.100 * Sentinel ID is 3f2a',
  '4242:X 30 Nov 2026 02:31:00.101 # +monitor master ratelimiter 127.0.0.1 7001 quorum 2',
  '4242:X 30 Nov 2026 02:31:09.900 # +sdown master ratelimiter 127.0.0.1 7001',
  '4242:X 30 Nov 2026 02:31:10.000 # +odown master ratelimiter 127.0.0.1 7001 #quorum 2/2',
  '4242:X 30 Nov 2026 02:31:12.000 # +switch-master ratelimiter 127.0.0.1 7001 127.0.0.1 7002',
  '4242:X 30 Nov 2026 02:31:12.100 * +slave slave 127.0.0.1:7003 127.0.0.1 7003 @ ratelimiter 127.0.0.1 7002',
].join('\n')

describe("a node's decisive log lines", () => {
  it("keeps Redis's and Sentinel's warnings without their prefix, the last ones last", () => {
    expect(decisiveLines(SENTINEL_LOG, 2)).toEqual([
      '+odown master ratelimiter 127.0.0.1 7001 #quorum 2/2',
      '+switch-master ratelimiter 127.0.0.1 7001 127.0.0.1 7002',
    ])
  })

  it("reads the app's pino lines by level and shows their error", () => {
    const warn = JSON.stringify({ level: 40, msg: 'redis_error', error: 'connect ECONNREFUSED 127.0.0.1:7001' })
    const info = JSON.stringify({ level: 30, msg: 'listening' })
    expect(parseNodeLogLine(warn)).toEqual({ serious: true, text: 'redis_error: connect ECONNREFUSED 127.0.0.1:7001' })
    expect(parseNodeLogLine(info)).toEqual({ serious: false, text: 'listening' })
    expect(decisiveLines(`${info}\n${warn}\n${info}\n`)).toEqual(['redis_error: connect ECONNREFUSED 127.0.0.1:7001'])
  })

  it('shows plain text (a fatal config error) as it is, and the last line when nothing is serious', () => {
    const fatal = '*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***'
    expect(decisiveLines(`${JSON.stringify({ level: 30, msg: 'x' })}\n${fatal}\n`)).toEqual([fatal])
    expect(decisiveLines('4242:M 30 Nov 2026 02:31:00.100 * Ready to accept connections tcp\n')).toEqual([
      'Ready to accept connections tcp',
    ])
    expect(decisiveLines('')).toEqual([])
  })
})
