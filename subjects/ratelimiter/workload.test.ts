import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { SimulatedClock } from '../../src/core/clock.js'
import { OperatorError } from '../../src/core/errors.js'
import { WorkloadOpError } from '../../src/core/subject.js'
import { freePorts } from '../../src/executors/local/free-ports.js'
import { readTruth } from './observe-truth.js'
import { writeRunRecord } from './runtime/run-files.js'
import { truthPath } from './runtime/run-record.js'
import {
  fetchHit,
  type HitFn,
  HOT_KEYS,
  hitErrorKind,
  openRatelimiterWorkload,
  WARM_KEYS,
  workloadKey,
} from './workload.js'

const RUN = 'ratelimiter-20250101-000000-abcd'
const APP_PORTS = [7201, 7202, 7203]

function tempRun(): string {
  const home = mkdtempSync(join(tmpdir(), 'rl-workload-'))
  onTestFinished(() => rmSync(home, { recursive: true, force: true }))
  writeRunRecord(home, {
    subject: 'ratelimiter',
    run_id: RUN,
    runtime: 'process',
    created_at: 0,
    master_name: 'ratelimiter',
    initial_primary: 'r1',
    limit: { points: 10, duration_s: 1 },
    maxmemory_bytes: 1024,
    maxmemory_ceiling_bytes: 4096,
    nodes: [
      { name: 'r1', kind: 'redis', port: 7001 },
      ...APP_PORTS.map((port, i) => ({ name: `a${i + 1}`, kind: 'app' as const, port })),
    ],
  })
  return home
}

async function open(hit: HitFn, clock = new SimulatedClock(1_700_000_000_000)) {
  const home = tempRun()
  const client = await openRatelimiterWorkload(home, RUN, { clock, log: () => undefined }, { hit })
  onTestFinished(() => client.close())
  return { home, client, clock }
}

const live = () => new AbortController().signal

describe('ratelimiter workload', () => {
  it('sends half its ops to the hot keys, most of the rest to the warm ones, and a tail of keys hit once', async () => {
    const keys = Array.from({ length: 2000 }, (_, seq) => workloadKey(seq))
    const count = (re: RegExp) => keys.filter((k) => re.test(k)).length
    expect(new Set(keys.filter((k) => k.startsWith('hot'))).size).toBe(HOT_KEYS)
    expect(new Set(keys.filter((k) => /^k\d+$/.test(k))).size).toBe(WARM_KEYS)
    expect([count(/^hot/), count(/^k/), count(/^t/)]).toEqual([1000, 800, 200])
    expect(new Set(keys.filter((k) => k.startsWith('t'))).size).toBe(200)
    const sent: [number, string][] = []
    const { client } = await open(async (port, key) => {
      sent.push([port, key])
      return { status: 200, path: 'redis' }
    })
    for (const seq of [0, 1, 2, 10, 19]) await client.op(seq, live())
    expect(sent).toEqual([
      [7201, 'hot0'],
      [7202, 'hot1'],
      [7203, 'hot0'],
      [7202, 'k0'],
      [7202, 't19'],
    ])
  })

  it('reports per interval the most a window admitted against the limit, the 429 and insurance shares', async () => {
    const answers = [...Array(15).fill(200), 429]
    const { client, clock } = await open(async () => ({
      status: answers.shift() ?? 429,
      path: answers.length === 0 ? 'insurance' : 'redis',
    }))
    // Limit 10 per 1 s (14 allowed: 10 and the edge slack): hot0 admitted 15 times in one window.
    for (let i = 0; i < 16; i++) await client.op(i * 20, live())
    expect(client.stats?.(clock.now())).toEqual([
      { name: 'admitted', value: 15, limit: 14, bad: true },
      { name: '429', value: 1 / 16, unit: '%', bad: false },
      { name: 'insurance', value: 1 / 16, unit: '%', bad: true },
      { name: 'excess', value: 1, bad: true },
    ])
    clock.advance(5000)
    // A new interval: nothing answered.
    expect(client.stats?.(clock.now())).toEqual([
      { name: 'admitted', value: 0, limit: 14, bad: false },
      { name: '429', value: 0, unit: '%', bad: false },
      { name: 'insurance', value: 0, unit: '%', bad: false },
      { name: 'excess', value: 0, bad: false },
    ])
  })

  it('takes a 429 as a correct answer and a 5xx or a refused connection as a failed op', async () => {
    const answers: (number | Error)[] = [
      429,
      503,
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }),
    ]
    const { client } = await open(async () => {
      const next = answers.shift()
      if (next instanceof Error) throw next
      return { status: next ?? 200, path: 'redis' }
    })
    await expect(client.op(0, live())).resolves.toBeUndefined()
    await expect(client.op(1, live())).rejects.toMatchObject({ kind: 'server', message: 'a2 /hit answered HTTP 503' })
    const refused = await client.op(2, live()).catch((err: unknown) => err)
    expect(refused).toBeInstanceOf(WorkloadOpError)
    expect(refused).toMatchObject({ kind: 'unavailable' })
  })

  it('writes the truth of the windows it saw when it closes', async () => {
    const { home, client, clock } = await open(async () => ({ status: 200, path: 'redis' }))
    // Limit 10 per 1 s (14 allowed): 15 admissions of hot0 in one window break it.
    for (let i = 0; i < 15; i++) await client.op(i * 20, live())
    clock.advance(5000)
    await client.close()
    expect(readTruth(truthPath(home, RUN), clock.now())).toMatchObject({
      points: 10,
      windows: 1,
      over_limit_windows: 1,
      latest_over_end: 1_700_000_001_000,
      worst: { key: 'hot0', admitted: 15 },
      rejected_share: 0,
    })
  })

  it('refuses a run that does not exist before sending anything', async () => {
    const home = tempRun()
    const opened = openRatelimiterWorkload(home, 'ratelimiter-none', {
      clock: new SimulatedClock(),
      log: () => undefined,
    })
    await expect(opened).rejects.toBeInstanceOf(OperatorError)
    await expect(opened).rejects.toMatchObject({ category: 'not_found' })
  })

  it('classifies real fetch failures by their name and code', async () => {
    const [port] = await freePorts(1)
    const refused = await fetchHit(port ?? 1, 'k0').catch((err: unknown) => err)
    expect(hitErrorKind(refused)).toBe('unavailable')
    // A server that accepts and never answers.
    const silent = createServer(() => undefined).listen(0, '127.0.0.1')
    await once(silent, 'listening')
    onTestFinished(() => {
      silent.close()
    })
    const { port: silentPort } = silent.address() as AddressInfo
    const timedOut = await fetch(`http://127.0.0.1:${silentPort}/`, { signal: AbortSignal.timeout(50) }).catch(
      (err: unknown) => err,
    )
    expect(hitErrorKind(timedOut)).toBe('deadline')
    expect(hitErrorKind(new Error('deadline in the text is not a deadline'))).toBe('other')
  })
})
