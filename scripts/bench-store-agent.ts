/**
 * One racing agent of the `store` bench section (bench-store-race.ts), run as
 * its own Node process: `node dist/scripts/bench-store-agent.js JOB_FILE AGENT_ID`.
 * Opens the store the job names (a SQLite file or a `postgres://` URL), says
 * `ready`, waits for `go` on stdin, then runs the real execution gate once on
 * every proposal of the job, in the job's order, and prints one JSON line:
 * the proposals it started, how many it was refused, and when it began and
 * ended (epoch ms, comparable across processes).
 */
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { beginExecution } from '../src/safety/execution-gate.js'
import { builtInPolicy } from '../src/safety/policy/load-policy.js'
import { Store } from '../src/store/store.js'

export interface RaceJob {
  db: string
  runId: string
  /** The token-signing secret the proposals' tokens were issued with. */
  secret: string
  proposals: { id: string; version: number }[]
}

export interface RaceResult {
  agent: string
  /** Proposals this agent moved to `executing`. */
  passed: string[]
  refused: number
  /** Any other outcome (needs_approval): never expected. */
  other: string[]
  started: number
  ended: number
}

const epochMs = () => performance.timeOrigin + performance.now()

async function main(): Promise<void> {
  const [jobFile, agent] = process.argv.slice(2)
  if (jobFile === undefined || agent === undefined) throw new Error('usage: bench-store-agent JOB_FILE AGENT_ID')
  const job = JSON.parse(readFileSync(jobFile, 'utf8')) as RaceJob
  const store = new Store(job.db)
  const lines = createInterface({ input: process.stdin })
  try {
    const policy = { loaded: builtInPolicy(), subject: 'etcd', kind: 'subject' as const }
    process.stdout.write('ready\n')
    let go = false
    for await (const line of lines) {
      go = line === 'go'
      if (go) break
    }
    if (!go) return // the bench went away before the start
    const result: RaceResult = { agent, passed: [], refused: 0, other: [], started: epochMs(), ended: 0 }
    for (const { id, version } of job.proposals) {
      const req = { proposalId: id, expectedVersion: version, agentId: agent, runId: job.runId }
      const gate = beginExecution(store.db, req, { key: { secret: job.secret }, policy }, store.clock.now())
      if (gate.status === 'executing') result.passed.push(id)
      else if (gate.status === 'refused') result.refused++
      else result.other.push(`${id}: ${gate.status} (${gate.reason})`)
    }
    result.ended = epochMs()
    process.stdout.write(`${JSON.stringify(result)}\n`)
  } finally {
    lines.close()
    process.stdin.destroy()
    store.close()
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench-store-agent: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exitCode = 1
})
