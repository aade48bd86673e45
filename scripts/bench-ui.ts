/**
 * The screen's ingest rate for `npm run bench`: recorded monitor, agent and
 * workload lines pushed into the real app (view model, throttled renderer,
 * blessed screen on a fake 160×48 terminal) as fast as possible and at a
 * paced 10,000 lines/s, while keys are typed into its input stream; reports
 * lines/s, renders/s and key latency (input written → keypress handled).
 */
import { PassThrough, Writable } from 'node:stream'
import { setTimeout as sleep, setImmediate as tick } from 'node:timers/promises'
import { startTui } from '../src/tui/app.js'
import { ViewModel } from '../src/tui/view-model.js'
import { etcdSubject } from '../subjects/etcd/index.js'

const MEMBER = (name: string, leader: boolean) => ({
  state: 'up',
  name,
  member_id: String(name.length),
  client_url: 'http://127.0.0.1:1',
  is_leader: leader,
  leader_id: '2',
  raft_term: 3,
  raft_index: 100,
  raft_applied_index: 100,
  db_size: 20480,
  db_size_in_use: 16384,
  errors: [],
  healthy: true,
  health_error: null,
  latency_ms: 2,
  process: 'running',
})
const OBSERVATION = {
  subject: 'etcd',
  run_id: 'bench',
  at: 0,
  duration_ms: 10,
  leader: { name: 'm1', member_id: '2' },
  alarms: [],
  quota_bytes: 16777216,
  preferred: 'm1',
  members: [MEMBER('m1', true), MEMBER('m2', false), MEMBER('m3', false)],
}

const LINES: ['monitor' | 'agent' | 'workload', string][] = [
  ['monitor', JSON.stringify({ event: 'observation', summary: 's', observation: OBSERVATION, violations: [] })],
  [
    'monitor',
    JSON.stringify({
      event: 'ticket.opened',
      ticket_id: 'T-1',
      key: 'members_healthy:m2',
      severity: 'critical',
      msg: 'm2 is down',
    }),
  ],
  [
    'agent',
    JSON.stringify({
      event: 'proposal.proposed',
      ticket_id: 'T-1',
      proposal_id: 'P-1',
      action: 'restart_member',
      params: { member: 'm2' },
      msg: 'restart_member',
    }),
  ],
  [
    'agent',
    JSON.stringify({
      event: 'proposal.executed',
      ticket_id: 'T-1',
      proposal_id: 'P-1',
      action: 'restart_member',
      result: { duration_ms: 230 },
      msg: 'restarted m2',
    }),
  ],
  ['workload', JSON.stringify({ event: 'workload.sample', ops_per_s: 400, p99_ms: 8, errors: 0, msg: 'sample' })],
  ['agent', 'a line that is not JSON at all'],
]

function fakeTty(cols: number, rows: number) {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input })
  const output = Object.assign(new Writable({ write: (_chunk, _enc, done) => done() }), {
    isTTY: true,
    columns: cols,
    rows,
  })
  return { input, output }
}

/** One batch of the flood: 500 recorded lines into the view model (a burst from the children's pipes). */
function ingestBatch(vm: ViewModel, first: number, batch: number): void {
  for (let i = 0; i < batch; i++) {
    const [source, text] = LINES[(first + i) % LINES.length] as ['monitor' | 'agent' | 'workload', string]
    vm.ingestLine(source, 'stdout', text, Date.now())
  }
}

/** The real app on a fake 160×48 terminal; `onInput` sees each chunk of input before the screen does. */
function benchScreen(signal: AbortSignal, onInput?: () => void) {
  const { input, output } = fakeTty(160, 48)
  if (onInput) input.on('data', onInput)
  const vm = new ViewModel({ invariants: etcdSubject.invariants, clusterTable: etcdSubject.clusterTable })
  const tui = startTui({ vm, module: etcdSubject, supervisor: null, input, output, actor: 'bench', signal })
  return { vm, tui, input }
}

/**
 * The screen's flood as a background load for other measurements (the kill
 * switch pulled from a flooded screen): the real app on a fake terminal,
 * 500 lines a turn of the event loop, until stop() is called.
 */
export function startUiFlood(): { stop: () => Promise<{ lines: number }> } {
  const halt = new AbortController()
  const { vm, tui } = benchScreen(halt.signal)
  let lines = 0
  const running = (async () => {
    while (!halt.signal.aborted) {
      ingestBatch(vm, lines, 500)
      lines += 500
      tui.invalidate()
      await tick()
    }
  })()
  return {
    async stop() {
      halt.abort()
      await running
      tui.close()
      return { lines }
    },
  }
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN
}

async function measure(durationMs: number, targetLinesPerSecond: number | null) {
  const stop = new AbortController()
  let keySeenAt = 0
  // Registered before the screen's own reader, so it runs first for each chunk of input.
  const { vm, tui, input } = benchScreen(stop.signal, () => {
    keySeenAt = performance.now()
  })
  let renders = 0
  const latencies: number[] = []
  let sentAt = 0
  // Key latency: from the key written to the terminal input to the screen rendered after it was handled.
  const render = tui.screen.render.bind(tui.screen)
  tui.screen.render = (v) => {
    renders++
    render(v)
    if (sentAt && keySeenAt >= sentAt) {
      latencies.push(performance.now() - sentAt)
      sentAt = 0
    }
  }
  const typist = (async () => {
    while (!stop.signal.aborted) {
      await sleep(50)
      if (sentAt === 0) {
        sentAt = performance.now()
        input.write('j')
      }
    }
  })()
  const started = performance.now()
  let lines = 0
  while (performance.now() - started < durationMs) {
    const batch =
      targetLinesPerSecond === null
        ? 500
        : Math.max(0, Math.floor(((performance.now() - started) / 1000) * targetLinesPerSecond) - lines)
    ingestBatch(vm, lines, batch)
    lines += batch
    tui.invalidate()
    // Lines arrive as stream events: the loop yields between batches like a real pipe would.
    await (targetLinesPerSecond === null ? tick() : sleep(5))
  }
  const seconds = (performance.now() - started) / 1000
  stop.abort()
  await typist
  tui.close()
  return {
    lines_per_second: Math.round(lines / seconds),
    renders_per_second: Math.round((renders / seconds) * 10) / 10,
    key_latency_ms: {
      samples: latencies.length,
      p50: round(percentile(latencies, 0.5)),
      p95: round(percentile(latencies, 0.95)),
      max: round(Math.max(...latencies)),
    },
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10
}

export async function benchUi(runs: number) {
  const flood = []
  const paced = []
  for (let i = 0; i < runs; i++) {
    flood.push(await measure(2000, null))
    paced.push(await measure(2000, 10_000))
  }
  return {
    description:
      'lines pushed into the real app (view model + 100 ms render throttle + blessed on a fake 160×48 TTY) while a key is typed every 50 ms; key latency = key written to input → screen rendered with it handled',
    flood: flood,
    paced_10k_lines_per_second: paced,
    median_flood_lines_per_second: percentile(
      flood.map((r) => r.lines_per_second),
      0.5,
    ),
    key_latency_under_100ms_p95_flood:
      percentile(
        flood.map((r) => r.key_latency_ms.p95),
        0.5,
      ) < 100,
    key_latency_under_100ms_p95_paced:
      percentile(
        paced.map((r) => r.key_latency_ms.p95),
        0.5,
      ) < 100,
  }
}
