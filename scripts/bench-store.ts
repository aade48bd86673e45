/**
 * The `store` part of `npm run bench`: the store on PostgreSQL (a private
 * server started here, stopped in a finally, also on Ctrl-C) beside SQLite (a
 * temp file), each on a fresh database per measurement and over BENCH_RUNS
 * runs: audit appends per second (one commit each, chain verified after),
 * gate transactions per second with RACE_AGENTS agent processes racing over
 * the same approved proposals (bench-store-race.ts; exactly one execution per
 * proposal, or the bench fails), and the latency of claiming a ticket; on
 * PostgreSQL also the kill switch's fan-out to listening agent processes
 * (bench-store-fanout.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Store } from '../src/store/store.js'
import { type PgServer, startPgServer } from '../test/fixtures/pg-server.js'
import { createViolation } from '../test/fixtures/violation.js'
import { percentiles, round, spread } from './bench-scale-stats.js'
import { FANOUT_LISTENERS, KILLS_PER_RUN, killFanout } from './bench-store-fanout.js'
import { gateRace, RACE_AGENTS } from './bench-store-race.js'

type Kind = 'sqlite' | 'postgres'

/** Per run: audit events appended, proposals raced over, open tickets claimed one by one. */
const SIZES: Record<Kind, { audit_events: number; gate_proposals: number; claimed_tickets: number }> = {
  sqlite: { audit_events: 2000, gate_proposals: 200, claimed_tickets: 300 },
  postgres: { audit_events: 500, gate_proposals: 200, claimed_tickets: 300 },
}

/** Audit appends per second, one commit each, into the store at `db` (a file or a PostgreSQL URL). */
export function auditAppends(db: string, events: number): number {
  const store = new Store(db)
  try {
    const started = performance.now()
    for (let i = 0; i < events; i++)
      store.append({ run_id: 'bench', actor: 'bench', type: 'bench.event', payload: { i, note: 'x'.repeat(64) } })
    const seconds = (performance.now() - started) / 1000
    if (!store.verifyChain().ok) throw new Error('chain broken during the audit appends')
    return Math.round(events / seconds)
  } finally {
    store.close()
  }
}

/** Milliseconds of each Store.claimTicket of one registered agent over `tickets` open tickets made beforehand. */
function claimLatencies(db: string, tickets: number): number[] {
  const store = new Store(db)
  const runId = 'bench-claim'
  try {
    for (let i = 0; i < tickets; i++)
      store.upsertViolation(runId, 'etcd', createViolation({ key: `members_healthy:m${i}` }), 'monitor')
    store.registerAgent({ id: 'bench-agent', pid: process.pid, subject: 'etcd', runId })
    const ms: number[] = []
    for (let i = 0; i < tickets; i++) {
      const started = performance.now()
      const claimed = store.claimTicket({
        runId,
        agentId: 'bench-agent',
        staleBefore: Date.now() - 60_000,
        executeMode: true,
      })
      ms.push(performance.now() - started)
      if (!claimed) throw new Error(`claim ${i + 1} of ${tickets} found no open ticket`)
    }
    return ms
  } finally {
    store.close()
  }
}

async function measure(kind: Kind, fresh: (what: string) => Promise<string>, runs: number, signal: AbortSignal) {
  const sizes = SIZES[kind]
  const audit: number[] = []
  const gate: number[] = []
  const claims: number[] = []
  let transactions = { passed: 0, refused: 0 }
  for (let i = 0; i < runs; i++) {
    signal.throwIfAborted()
    audit.push(auditAppends(await fresh('audit'), sizes.audit_events))
    signal.throwIfAborted()
    const race = await gateRace(await fresh('gate'), sizes.gate_proposals, signal)
    gate.push(race.gate_tx_per_s)
    transactions = { passed: transactions.passed + race.passed, refused: transactions.refused + race.refused }
    signal.throwIfAborted()
    const ms = claimLatencies(await fresh('claim'), sizes.claimed_tickets)
    claims.push(...ms)
    const p50 = percentiles(ms, 2).p50
    process.stderr.write(
      `bench: store ${kind} run ${i + 1}/${runs}: ${audit.at(-1)} appends/s, ${race.gate_tx_per_s} gate tx/s, claim p50 ${p50} ms\n`,
    )
  }
  return {
    audit_appends_per_s: spread(audit),
    gate_tx_per_s: spread(gate),
    gate_transactions: { ...transactions, double_executions: 0 },
    claim_ms: percentiles(claims, 2),
    sizes,
  }
}

export async function benchStore(runs: number, signal: AbortSignal): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'operator-bench-store-'))
  let server: PgServer | undefined
  try {
    let files = 0
    const sqlite = await measure('sqlite', async (what) => join(dir, `${what}-${++files}.db`), runs, signal)
    signal.throwIfAborted()
    const pg = await startPgServer()
    server = pg
    signal.throwIfAborted()
    const measured = await measure('postgres', (what) => pg.createDatabase(`bench_${what}`), runs, signal)
    const postgres = {
      ...measured,
      kill_fanout_ms: await killFanout(() => pg.createDatabase('bench_fanout'), runs, signal),
    }
    const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 3) : null)
    return {
      store: {
        description: `the store on SQLite (temp file, WAL, synchronous=NORMAL) beside PostgreSQL (a private server; pg in a worker thread behind a synchronous handle, one advisory lock per write transaction), a fresh database per measurement: audit appends per second (Store.append in a loop, hash-chained, one commit each, chain verified after); gate transactions per second (passed + refused) with ${RACE_AGENTS} agent processes each running the real execution gate (beginExecution, built-in policy) on every one of the same approved proposals with live tokens, from the first agent's start to the last one's end, exactly one execution per proposal checked from the agents and the audit log; and Store.claimTicket latency of one registered agent over open tickets made beforehand (every sample of every run); on PostgreSQL, kill-switch fan-out: ${FANOUT_LISTENERS} listener processes LISTENing as agents do (listenForKill), the kill switch engaged ${KILLS_PER_RUN} times per run (engageKillSwitch on the same database, the latch kept set after the first), milliseconds from just before the call to each listener's notification (wall clock across processes)`,
        sqlite,
        postgres,
        postgres_over_sqlite: {
          audit_appends_per_s: ratio(postgres.audit_appends_per_s.median, sqlite.audit_appends_per_s.median),
          gate_tx_per_s: ratio(postgres.gate_tx_per_s.median, sqlite.gate_tx_per_s.median),
          claim_ms_p50: ratio(postgres.claim_ms.p50, sqlite.claim_ms.p50),
        },
        notes: [
          'the private PostgreSQL server is the test one (test/fixtures/pg-server.ts): fsync=off, synchronous_commit=off, full_page_writes=off, so a commit waits on no disk flush; SQLite in WAL with synchronous=NORMAL does not flush per commit either',
          `fewer audit events per run on PostgreSQL (${SIZES.postgres.audit_events} against ${SIZES.sqlite.audit_events}): every statement is a round trip to the server`,
          `the ${RACE_AGENTS} agents, the server and the bench share the machine's cores (machine.cpus); most gate transactions are refusals (the proposal already executing), each of which still writes its execution.refused event`,
          "kill fan-out is PostgreSQL's NOTIFY; on SQLite the kill switch signals agents on its host (SIGUSR2), measured by the kill section",
          "kill_fanout_ms includes the whole latch transaction (the NOTIFY is delivered on its commit) and the listener's event loop; listeners are often notified before engageKillSwitch has returned to its caller (the synchronous handle waits on its worker thread); the listeners, the server and the bench share one host",
        ],
      },
    }
  } catch (err) {
    throw signal.aborted ? signal.reason : err // Ctrl-C stops the server under a running measurement: say so, not its error
  } finally {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
