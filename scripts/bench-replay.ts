/**
 * Replay speed for `npm run bench`: a synthetic ten-minute recording —
 * monitor observations every 500 ms, workload samples every second, a member
 * crash repaired by the agent every two minutes with its tickets, stages and
 * database snapshots — written to a file, read back, and replayed at maximum
 * speed through the real screen (app, throttled renderer, blessed) on a fake
 * 120×40 terminal. Reports the seconds taken.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Writable } from 'node:stream'
import type { NewEntry, RecordingEntry } from '../src/core/recording-entry.js'
import type { Modes, Proposal, Ticket } from '../src/core/records.js'
import { readRecordingFile, recordingOf, writeRecordingFile } from '../src/recording/export-file.js'
import { startReplayScreen } from '../src/tui/replay-screen.js'
import { CHILD_NAMES } from '../src/tui/view-model.js'
import { etcdSubject } from '../subjects/etcd/index.js'

const MINUTES = 10
const T0 = 1_700_000_000_000
const RUN = 'etcd-bench-replay'

const member = (name: string, leader: string, down: boolean) =>
  down
    ? {
        state: 'down',
        name,
        member_id: `${name.length}${name}`,
        client_url: 'http://127.0.0.1:1',
        error: '14 UNAVAILABLE',
        process: 'exited',
      }
    : {
        state: 'up',
        name,
        member_id: `${name.length}${name}`,
        client_url: 'http://127.0.0.1:1',
        is_leader: name === leader,
        leader_id: `2${leader}`,
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
      }

function pino(role: (typeof CHILD_NAMES)[number], at: number, fields: Record<string, unknown>, msg: string): NewEntry {
  return {
    kind: 'line',
    at,
    source: role,
    stream: 'stdout',
    text: JSON.stringify({ level: 'info', time: at, role, pid: 4100, ...fields, msg }),
  }
}

const modes: Modes = { safety: 'execute', approval: 'auto', kill_latched: false, updated_at: T0, updated_by: 'bench' }

function ticket(n: number, at: number, status: Ticket['status']): Ticket {
  return {
    id: `T-${n}`,
    run_id: RUN,
    subject: 'etcd',
    key: 'members_healthy:m2',
    invariant: 'members_healthy',
    severity: 'critical',
    target: 'm2',
    message: 'm2 is down',
    evidence: { state: 'down' },
    status,
    occurrences: 1,
    opened_at: at,
    last_seen_at: at,
    resolved_at: status === 'resolved' ? at + 6000 : null,
    claimed_by: null,
    escalation_reason: null,
    cause_key: null,
    cause_ticket: null,
    triage_reason: null,
    priority: 0,
    version: 1,
    lease: 0,
  }
}

function proposal(n: number, at: number, status: Proposal['status']): Proposal {
  return {
    id: `P-${n}`,
    ticket_id: `T-${n}`,
    attempt: 0,
    step: 0,
    steps: 1,
    action: 'restart_member',
    params: { member: 'm2' },
    content_hash: 'ab'.repeat(32),
    risk: 'medium',
    tier: 2,
    rationale: 'm2 process exited; restart it',
    policy: null,
    risk_assessment: null,
    status,
    reason: null,
    result: null,
    created_by: 'agent-4100',
    created_at: at,
    updated_at: at,
    version: 1,
  }
}

/** Ten minutes of a supervised cluster: a crash of m2 every two minutes, repaired about six seconds later. */
export function syntheticRecording(minutes = MINUTES): RecordingEntry[] {
  const out: NewEntry[] = CHILD_NAMES.map((name) => ({
    kind: 'child',
    at: T0,
    view: { name, status: 'running', pid: 4100, exit_code: null, last_stderr: [], restarts: 0 },
  }))
  out.push({ kind: 'snapshot', at: T0, snapshot: { modes, tickets: [], proposals: [] } })
  const end = T0 + minutes * 60_000
  const tickets: Ticket[] = []
  let n = 0
  for (let at = T0; at < end; at += 500) {
    const sinceCrash = (at - T0) % 120_000
    const down = sinceCrash >= 60_000 && sinceCrash < 66_000
    const observation = {
      subject: 'etcd',
      run_id: RUN,
      at,
      duration_ms: 4,
      leader: { name: 'm1', member_id: '2m1' },
      alarms: [],
      quota_bytes: 16777216,
      preferred: 'm1',
      members: ['m1', 'm2', 'm3'].map((m) => member(m, 'm1', down && m === 'm2')),
    }
    out.push(
      pino(
        'monitor',
        at,
        {
          event: 'observation',
          summary: down ? 'leader=m1 | m2 down' : 'leader=m1 | all up',
          observation,
          violations: down ? ['members_healthy:m2'] : [],
        },
        'observation',
      ),
    )
    if (at % 1000 === 0)
      out.push(
        pino(
          'workload',
          at,
          {
            event: 'workload.sample',
            ops_per_s: down ? 190 : 400 + (at % 7),
            p50_ms: 1.1,
            p99_ms: down ? 40 : 8,
            max_ms: 12,
            errors: down ? 2 : 0,
            error_kinds: {},
          },
          'sample',
        ),
      )
    if (sinceCrash === 60_000) {
      n++
      const p = { proposal_id: `P-${n}`, ticket_id: `T-${n}`, action: 'restart_member', params: { member: 'm2' } }
      out.push(
        pino(
          'monitor',
          at + 1,
          { event: 'ticket.opened', ticket_id: `T-${n}`, key: 'members_healthy:m2', severity: 'critical' },
          'm2 is down',
        ),
      )
      out.push(
        pino(
          'agent',
          at + 150,
          { event: 'ticket.claimed', ticket_id: `T-${n}`, key: 'members_healthy:m2' },
          `claimed T-${n}`,
        ),
      )
      out.push(
        pino(
          'agent',
          at + 160,
          { event: 'agent.diagnosed', ticket_id: `T-${n}` },
          'diagnosis: m2 process exited; restart it',
        ),
      )
      for (const [dt, stage] of [
        [170, 'proposed'],
        [180, 'validated'],
        [190, 'approved'],
        [200, 'executing'],
        [1400, 'executed'],
      ] as const)
        out.push(pino('agent', at + dt, { event: `proposal.${stage}`, ...p }, stage))
      out.push(
        pino('agent', at + 1410, { event: 'agent.verifying', ticket_id: `T-${n}`, settle_ms: 1500 }, 'verifying'),
      )
      out.push(pino('agent', at + 6100, { event: 'proposal.verified', ...p }, 'members_healthy:m2 no longer observed'))
      out.push(
        pino(
          'agent',
          at + 6110,
          { event: 'ticket.resolved', ticket_id: `T-${n}`, key: 'members_healthy:m2', reason: 'verified' },
          'resolved',
        ),
      )
      out.push({
        kind: 'snapshot',
        at: at + 250,
        snapshot: {
          modes,
          tickets: [...tickets, ticket(n, at, 'in_progress')],
          proposals: [proposal(n, at, 'executing')],
        },
      })
      out.push({
        kind: 'snapshot',
        at: at + 1500,
        snapshot: { modes, tickets: [...tickets, ticket(n, at, 'in_progress')], proposals: [] },
      })
      tickets.push(ticket(n, at, 'resolved'))
      out.push({ kind: 'snapshot', at: at + 6500, snapshot: { modes, tickets: [...tickets], proposals: [] } })
      out.push({ kind: 'notice', at: at + 6500, text: `T-${n} repaired`, tone: 'good' })
    }
  }
  return out
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map(({ e }, seq) => ({ ...e, seq }) as RecordingEntry)
}

function fakeTty(cols: number, rows: number) {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input })
  const output = Object.assign(new Writable({ write: (_chunk, _enc, done) => done() }), {
    isTTY: true,
    columns: cols,
    rows,
  })
  return { input, output }
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN
  return { runs: values.length, median: at(0.5), p95: at(0.95), values }
}

const round = (n: number) => Math.round(n * 1000) / 1000

/** One replay at maximum speed: seconds to read the file, and to play every entry through the screen. */
async function replayOnce(file: string): Promise<{ load_s: number; replay_s: number; renders: number }> {
  const loadStart = performance.now()
  const recording = readRecordingFile(file)
  const load_s = (performance.now() - loadStart) / 1000
  const { input, output } = fakeTty(120, 40)
  const stop = new AbortController()
  const started = performance.now()
  const replay = startReplayScreen({ recording, module: etcdSubject, input, output, signal: stop.signal, speed: 'max' })
  let renders = 0
  const render = replay.tui.screen.render.bind(replay.tui.screen)
  replay.tui.screen.render = (vm) => {
    renders++
    render(vm)
  }
  await replay.finished
  replay.render()
  const replay_s = (performance.now() - started) / 1000
  stop.abort()
  return { load_s: round(load_s), replay_s: round(replay_s), renders }
}

export async function benchReplay(runs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'operator-bench-replay-'))
  try {
    const entries = syntheticRecording()
    const file = join(dir, 'ten-minutes.ndjson')
    const last = entries.at(-1)?.at ?? T0
    writeRecordingFile(
      file,
      recordingOf(
        {
          id: RUN,
          subject: 'etcd',
          kind: 'headless',
          started_at: T0,
          ended_at: last,
          meta: {},
          entries: entries.length,
          last_at: last,
        },
        entries,
        T0,
      ),
    )
    const results = []
    for (let i = 0; i < runs; i++) results.push(await replayOnce(file))
    return {
      description: `a synthetic ${MINUTES}-minute recording (${entries.length} entries: observations every 500 ms, workload samples every 1 s, a crash repaired every 2 min) read from its file and replayed at --speed max through the real screen on a fake 120×40 TTY`,
      entries: entries.length,
      seconds: stats(results.map((r) => r.replay_s)),
      load_seconds: stats(results.map((r) => r.load_s)),
      renders: results.map((r) => r.renders),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
