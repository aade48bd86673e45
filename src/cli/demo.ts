/**
 * `operator demo`: the main job. Brings up the subject's cluster, runs
 * monitor and agent as child processes, waits for a steady state, injects a
 * fault and shows the repair as readable lines; then stops everything it
 * started (also on Ctrl-C or SIGTERM). The five-panel screen builds on this.
 */
import type { Command } from 'commander'
import { z } from 'zod'
import { systemClock } from '../core/clock.js'
import { OperatorError } from '../core/errors.js'
import { ApprovalMode, SafetyMode } from '../core/records.js'
import type { Subject } from '../core/subject.js'
import { type Child, spawnOperator } from './children.js'
import { abortOnSignals, openStore, output, parseOptions, paths, subject } from './context.js'
import { parseTarget } from './fault.js'
import { intFrom, SubjectName } from './options.js'
import { createLineRenderer } from './render-event.js'

const DemoOptions = z.object({
  subject: SubjectName,
  interval: intFrom(100, 60_000),
  fault: z.string().min(1),
  target: z.string().min(1),
  safety: SafetyMode,
  approval: ApprovalMode,
  timeout: intFrom(5_000, 3_600_000),
  headless: z.boolean().optional(),
  json: z.boolean().optional(),
})

export interface DemoReport {
  run_id: string
  fault: string
  targets: string[]
  tickets: { id: string; key: string; status: string }[]
  time_to_detect_ms: number | null
  time_to_repair_ms: number | null
  repaired: boolean
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('start a cluster, monitor and agent; inject a fault and show the repair (headless lines)')
    .option('--subject <name>', 'subject', 'etcd')
    .option('--interval <ms>', 'monitor poll interval', '500')
    .option('--fault <name>', 'fault to inject once the cluster is steady', 'kill_member')
    .option('--target <member>', 'fault target: member name, leader or follower', 'leader')
    .option('--safety <mode>', 'safety mode for the demo', 'execute')
    .option('--approval <mode>', 'approval mode for the demo', 'auto')
    .option('--timeout <ms>', 'give up waiting for the repair after this long', '120000')
    .option('--headless', 'print the event stream as lines (the only screen until the TUI lands)')
    .option('--json', 'print the final report as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(DemoOptions, raw, 'demo')
      const report = await runDemo(o)
      output(o.json, report, (r) =>
        r.repaired
          ? `demo: ${r.fault} on ${r.targets.join(', ')} detected in ${r.time_to_detect_ms} ms, repaired in ${r.time_to_repair_ms} ms (${r.tickets.map((t) => `${t.id} ${t.key} ${t.status}`).join('; ')})`
          : `demo: ${r.fault} was NOT repaired within the timeout (${r.tickets.map((t) => `${t.id} ${t.key} ${t.status}`).join('; ') || 'no tickets'})`,
      )
      if (!report.repaired) process.exitCode = 1
    })
}

async function runDemo(o: z.infer<typeof DemoOptions>): Promise<DemoReport> {
  const mod = subject(o.subject)
  const { home } = paths()
  const store = openStore()
  const { signal, dispose } = abortOnSignals()
  const children: Child[] = []
  let s: Subject | null = null
  let runId: string | null = null
  const render = createLineRenderer()
  const print = (line: string | null) => {
    if (line !== null && !o.json) process.stdout.write(`${line}\n`)
  }
  try {
    const status = await mod.up({ home }, signal)
    runId = status.run_id
    store.append({ run_id: runId, actor: 'demo', type: 'cluster.up', payload: { ...status } })
    print(`cluster ${runId} up: ${status.members.map((m) => `${m.name}@${m.client_url}`).join(' ')} (leader on ${status.preferred})`)
    const env = { ...process.env, OPERATOR_SAFETY_MODE: o.safety, OPERATOR_APPROVAL_MODE: o.approval } as Record<string, string>
    const common = ['--subject', o.subject, '--run', runId]
    children.push(
      spawnOperator('monitor', ['monitor', ...common, '--interval', String(o.interval)], env, (line) => print(render('monitor', line))),
      spawnOperator('agent', ['agent', ...common], env, (line) => print(render('agent', line))),
    )
    const opened = await mod.open(home, runId, { clock: systemClock, log: () => undefined })
    s = opened
    // Steady: no invariant violated right now (no grace periods), as seen by the demo itself.
    const steady = async () => opened.checker.evaluate(await opened.observe(signal)).length === 0
    await waitFor(steady, o.timeout, signal, 'the cluster never reached a steady state')
    const fault = opened.faults.find((f) => f.name === o.fault)
    if (!fault) throw new OperatorError('usage', `unknown fault "${o.fault}"`, `use one of: ${opened.faults.map((f) => f.name).join(', ')}`)
    const faultAt = Date.now()
    const result = await fault.inject(fault.targeted ? parseTarget(o.target) : { kind: 'none' }, { signal, clock: systemClock, log: () => undefined })
    store.append({ run_id: runId, actor: 'demo', type: 'fault.injected', payload: { ...result } })
    print(`>>> fault ${result.fault} → ${result.targets.join(', ')}: ${result.summary}`)
    const currentRun = runId
    const repaired = await waitFor(
      async () => {
        const tickets = store.tickets({ runId: currentRun })
        return tickets.some((t) => t.opened_at >= faultAt) && tickets.every((t) => t.status === 'resolved') && (await steady())
      },
      o.timeout,
      signal,
      null,
    )
    const tickets = store.tickets({ runId: currentRun }).filter((t) => t.opened_at >= faultAt)
    const firstOpened = Math.min(...tickets.map((t) => t.opened_at))
    const lastResolved = Math.max(...tickets.map((t) => t.resolved_at ?? Number.POSITIVE_INFINITY))
    return {
      run_id: runId,
      fault: result.fault,
      targets: result.targets,
      tickets: tickets.map((t) => ({ id: t.id, key: t.key, status: t.status })),
      time_to_detect_ms: tickets.length ? firstOpened - faultAt : null,
      time_to_repair_ms: repaired && Number.isFinite(lastResolved) ? lastResolved - faultAt : null,
      repaired,
    }
  } finally {
    await Promise.all(children.map((c) => c.stop()))
    await s?.close()
    if (runId) {
      const down = await mod.down(home, runId)
      store.append({ run_id: runId, actor: 'demo', type: 'cluster.down', payload: { ...down } })
      print(`cluster ${runId} down: stopped ${down.stopped.join(', ') || 'nothing'}`)
    }
    store.close()
    dispose()
  }
}

/** Polls until check() holds; false on timeout (or throws with `failure` when given). */
async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, signal: AbortSignal, failure: string | null): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (signal.aborted) throw new OperatorError('usage', 'demo interrupted', 'everything it started has been stopped')
    if (Date.now() > deadline) {
      if (failure) throw new OperatorError('subject', failure, 'check `operator cluster status` and the member logs under OPERATOR_HOME/runs/')
      return false
    }
    await systemClock.sleep(250).catch(() => undefined)
  }
  return true
}
