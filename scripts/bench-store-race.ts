/**
 * The gate race of the `store` bench section: N approved proposals with live
 * execution tokens prepared along the real path (violation → ticket →
 * proposal → validated → awaiting approval → approved, token issued), then
 * RACE_AGENTS separate Node processes (bench-store-agent.ts) each run the real
 * execution gate on every one of them at once. Gate transactions (passed and
 * refused) per second overall, and exactly one pass per proposal, checked
 * from the agents' reports and from the audit log.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { Store } from '../src/store/store.js'
import { proposalAt, TEST_KEY, ticketFor } from '../test/fixtures/proposal-states.js'
import type { RaceJob, RaceResult } from './bench-store-agent.js'

export const RACE_AGENTS = 4
const AGENT_PATH = fileURLToPath(new URL('./bench-store-agent.js', import.meta.url))
const RUN = 'bench-store'

/** `n` proposals approved by a person (proposal-states.ts), each with a live token; execute mode on. */
function prepareApproved(store: Store, n: number): RaceJob['proposals'] {
  store.setModes({ safety: 'execute', approval: 'manual' }, 'bench')
  return Array.from({ length: n }, (_, i) => {
    const p = proposalAt(store, ticketFor(store, RUN, `members_healthy:m${i}`), 'approved', 'bench-preparer')
    return { id: p.id, version: p.version }
  })
}

/** The agent's next stdout line, or an error with its stderr when it exits first. */
export function lineReader(child: ChildProcess, name: string) {
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]()
  return async () => {
    const next = await lines.next()
    if (next.done) throw new Error(`${name} exited early: ${stderr.trim() || `exit ${child.exitCode}`}`)
    return next.value as string
  }
}

export interface RaceRun {
  gate_tx_per_s: number
  passed: number
  refused: number
  double_executions: number
}

/** One race on a fresh store at `db` over `n` proposals. */
export async function gateRace(db: string, n: number, signal: AbortSignal): Promise<RaceRun> {
  const secret = TEST_KEY.secret
  const store = new Store(db)
  const dir = mkdtempSync(join(tmpdir(), 'operator-bench-race-'))
  const children: ChildProcess[] = []
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason)
    signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
  aborted.catch(() => undefined)
  const settle = <T>(work: Promise<T>) => Promise.race([work, aborted])
  try {
    const proposals = prepareApproved(store, n)
    const jobFile = join(dir, 'job.json')
    writeFileSync(jobFile, JSON.stringify({ db, runId: RUN, secret, proposals } satisfies RaceJob))
    const readers = Array.from({ length: RACE_AGENTS }, (_, k) => {
      const child = spawn(process.execPath, [AGENT_PATH, jobFile, `agent-${k + 1}`], { stdio: 'pipe' })
      children.push(child)
      return lineReader(child, `agent-${k + 1}`)
    })
    const ready = await settle(Promise.all(readers.map((read) => read())))
    if (ready.some((line) => line !== 'ready')) throw new Error(`agents did not start: ${ready.join(', ')}`)
    for (const child of children) child.stdin?.write('go\n')
    const lines = await settle(Promise.all(readers.map((read) => read())))
    const results = lines.map((line) => JSON.parse(line) as RaceResult)
    await settle(Promise.all(children.map((c) => (c.exitCode === null ? once(c, 'exit') : undefined))))

    const other = results.flatMap((r) => r.other)
    if (other.length > 0) throw new Error(`unexpected gate outcomes: ${other.slice(0, 5).join('; ')}`)
    const reported = new Map(proposals.map((p) => [p.id, 0]))
    for (const id of results.flatMap((r) => r.passed)) reported.set(id, (reported.get(id) ?? 0) + 1)
    const logged = new Map(proposals.map((p) => [p.id, 0]))
    for (const e of store.events({ types: ['proposal.executing'] })) {
      const id = String(e.payload.proposal_id)
      logged.set(id, (logged.get(id) ?? 0) + 1)
    }
    const wrong = proposals.filter((p) => reported.get(p.id) !== 1 || logged.get(p.id) !== 1)
    const double_executions = proposals.filter((p) => (reported.get(p.id) ?? 0) > 1 || (logged.get(p.id) ?? 0) > 1)
    if (wrong.length > 0) {
      const counts = wrong.slice(0, 5).map((p) => `${p.id}: ${reported.get(p.id)} passed, ${logged.get(p.id)} logged`)
      throw new Error(`not exactly one execution per proposal (${double_executions.length} double): ${counts}`)
    }
    if (!store.verifyChain().ok) throw new Error('chain broken during the gate race')
    const passed = results.reduce((sum, r) => sum + r.passed.length, 0)
    const refused = results.reduce((sum, r) => sum + r.refused, 0)
    const seconds = (Math.max(...results.map((r) => r.ended)) - Math.min(...results.map((r) => r.started))) / 1000
    return { gate_tx_per_s: Math.round((passed + refused) / seconds), passed, refused, double_executions: 0 }
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? once(c, 'exit') : null)))
    store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
