/**
 * `operator demo --headless`: the same supervision as the screen, printed as
 * readable lines. With a fault it waits for a steady state that holds a few
 * seconds (so the monitor has looked and the workload is flowing), injects
 * it, waits for the repair and reports the times; with `--fault none` it
 * supervises until stopped. With several clusters the steady state is every
 * run's, the fault goes to the first run, and the repair counts only when
 * the other runs are steady too: each run's tickets are in the report.
 */
import { systemClock } from '../core/clock.js'
import { OperatorError } from '../core/errors.js'
import type { Store } from '../store/store.js'
import type { Supervisor } from './supervisor.js'

/** One run of the demo after the fault: its tickets opened since, and whether it ended steady. */
export interface RunResult {
  run_id: string
  /** The fault was injected into this run. */
  faulted: boolean
  tickets: { id: string; key: string; status: string }[]
  /** No invariant violated at the end and every ticket since the fault resolved. */
  healthy: boolean
}

export interface DemoReport {
  /** The run the fault was injected into. */
  run_id: string
  fault: string
  targets: string[]
  tickets: { id: string; key: string; status: string }[]
  time_to_detect_ms: number | null
  time_to_repair_ms: number | null
  /** The faulted run repaired and every other run healthy. */
  repaired: boolean
  /** Every run of the demo, the faulted one first. */
  runs: RunResult[]
}

/** How long the steady state holds before the fault: the monitor's first looks and the workload's first samples. */
export const STEADY_HOLD_MS = 3000

export interface HeadlessOptions {
  fault: string
  target: string
  timeoutMs: number
  print: (line: string) => void
}

export async function runHeadless(
  sup: Supervisor,
  store: Store,
  o: HeadlessOptions,
  signal: AbortSignal,
): Promise<DemoReport | null> {
  if (o.fault === 'none') {
    o.print('supervising until Ctrl-C (no fault: --fault none)')
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
    return null
  }
  const refused = sup.faultRefusal(null)
  if (refused !== null)
    throw new OperatorError(
      'usage',
      `--fault ${o.fault}: ${refused}`,
      'give --fault none to supervise it, or attach it again with --allow-faults',
    )
  let steadySince: number | null = null
  const allSteady = async () => (await Promise.all(sup.runIds.map((id) => sup.steady(signal, id)))).every(Boolean)
  const held = async () => {
    if (!(await allSteady())) steadySince = null
    else steadySince ??= Date.now()
    return steadySince !== null && Date.now() - steadySince >= STEADY_HOLD_MS
  }
  await waitFor(held, o.timeoutMs, signal, 'the cluster never reached a steady state')
  const faultAt = Date.now()
  const result = await sup.injectFault(o.fault, o.target)
  o.print(`>>> fault ${result.fault} → ${result.targets.join(', ')}: ${result.summary}`)
  const run = sup.runId
  const since = (runId: string) => store.tickets({ runId }).filter((t) => t.opened_at >= faultAt)
  const settled = (runId: string) => store.tickets({ runId }).every((t) => t.status === 'resolved')
  const repaired = await waitFor(
    async () => since(run).length > 0 && sup.runIds.every(settled) && (await allSteady()),
    o.timeoutMs,
    signal,
    null,
  )
  const runs = await Promise.all(
    sup.runIds.map(
      async (runId): Promise<RunResult> => ({
        run_id: runId,
        faulted: runId === run,
        tickets: since(runId).map((t) => ({ id: t.id, key: t.key, status: t.status })),
        healthy: settled(runId) && (await sup.steady(signal, runId).catch(() => false)),
      }),
    ),
  )
  const tickets = since(run)
  const lastResolved = Math.max(...tickets.map((t) => t.resolved_at ?? Number.POSITIVE_INFINITY))
  return {
    run_id: run,
    fault: result.fault,
    targets: result.targets,
    tickets: tickets.map((t) => ({ id: t.id, key: t.key, status: t.status })),
    time_to_detect_ms: tickets.length ? Math.min(...tickets.map((t) => t.opened_at)) - faultAt : null,
    time_to_repair_ms: repaired && Number.isFinite(lastResolved) ? lastResolved - faultAt : null,
    repaired,
    runs,
  }
}

/** Polls until check() holds; false on timeout (or throws with `failure` when given). */
async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  signal: AbortSignal,
  failure: string | null,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (signal.aborted) throw new OperatorError('usage', 'demo interrupted', 'everything it started has been stopped')
    if (Date.now() > deadline) {
      if (failure)
        throw new OperatorError(
          'subject',
          failure,
          'check `operator cluster status` and the member logs under OPERATOR_HOME/runs/',
        )
      return false
    }
    await systemClock.sleep(250).catch(() => undefined)
  }
  return true
}
