/**
 * `operator demo`: the product's face. Starts the subject's cluster and the
 * monitor, agent and workload children, then shows them on the five-panel
 * screen (a TTY is needed) or, with `--headless`, as lines. Quitting, Ctrl-C,
 * SIGTERM or a crash of the controller stops everything it started. Every
 * run is recorded for `operator replay`. With `--scenario FILE` a scenario
 * runs on the screen, narrated (demo-scenario.ts). With `--clusters N` it
 * starts N clusters as named runs under one monitor and one agent; the
 * screen switches its panels between them.
 */
import { userInfo } from 'node:os'
import type { Command } from 'commander'
import { z } from 'zod'
import { chooseBrain } from '../brain/create-brain.js'
import { OperatorError } from '../core/errors.js'
import { ApprovalMode, SafetyMode } from '../core/records.js'
import { childDied, createLineRenderer } from '../core/render-event.js'
import { onRuntime } from '../registry/on-runtime.js'
import { MAX_CLUSTERS } from '../supervisor/demo-runs.js'
import { type DemoReport, runHeadless } from '../supervisor/headless.js'
import { Supervisor } from '../supervisor/supervisor.js'
import { startTui } from '../tui/app.js'
import { type Tone, ViewModel } from '../tui/view-model.js'
import { CLI_PATH } from './cli-path.js'
import { abortOnSignals, openStore, output, parseOptions, paths } from './context.js'
import { type ExistingRuns, existingRuns } from './demo-existing.js'
import { runScenarioDemo } from './demo-scenario.js'
import { intFrom, RuntimeName, SubjectName } from './options.js'
import { runnableScenario } from './scenario.js'
import { subject } from './subject.js'
import { guardTerminal } from './terminal-guard.js'

const DemoOptions = z.object({
  subject: SubjectName,
  runtime: RuntimeName,
  interval: intFrom(100, 60_000),
  clusters: intFrom(1, MAX_CLUSTERS),
  fault: z.string().min(1).optional(),
  target: z.string().min(1),
  safety: SafetyMode.optional(),
  approval: ApprovalMode.optional(),
  as: z.string().min(1).optional(),
  timeout: intFrom(5_000, 3_600_000),
  headless: z.boolean().optional(),
  json: z.boolean().optional(),
  scenario: z.string().min(1).optional(),
  step: z.boolean().optional(),
  brain: z.string().optional(),
  run: z.string().min(1).optional(),
})
type DemoOptions = z.infer<typeof DemoOptions>

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('start a cluster with monitor, agent and workload; watch it break and heal on the five-panel screen')
    .option('--subject <name>', 'subject', 'etcd')
    .option('--runtime <kind>', 'what runs the members: process or docker', 'process')
    .option('--interval <ms>', 'monitor poll interval', '500')
    .option(
      '--clusters <n>',
      `clusters of the subject (1-${MAX_CLUSTERS}), under one monitor and one agent; [ and ] switch the screen between them`,
      '1',
    )
    .option(
      '--safety <mode>',
      'safety mode for the children: observe|execute (screen default execute, headless execute)',
    )
    .option('--approval <mode>', 'approval mode for the children: manual|auto (screen default manual, headless auto)')
    .option('--as <name>', 'who approves from the screen (default: the OS user)')
    .option('--headless', 'no screen: print the merged event stream as lines')
    .option(
      '--fault <name>',
      "headless: fault to inject once steady (default: the subject's first, kill_member on etcd; none: just supervise)",
    )
    .option('--target <member>', 'fault target: member name, leader or follower', 'leader')
    .option('--timeout <ms>', 'headless: give up waiting for steady state or repair after this long', '120000')
    .option('--json', 'headless: print the final report as JSON')
    .option(
      '--scenario <file>',
      'run a scenario on the screen, narrated step by step; the report opens at the end (exit code as `operator scenario run`)',
    )
    .option('--step', 'with --scenario: the presenter fires each step with space instead of on its time')
    .option('--brain <name>', 'what plans for the agent: playbook or llm (OPERATOR_BRAIN; OPERATOR_LLM_* settings)')
    .option(
      '--run <names>',
      'supervise runs that are up already (attached or named), NAME[,NAME…]: nothing started or stopped',
    )
    .action(async (raw: unknown, cmd: Command) => {
      const o = parseOptions(DemoOptions, raw, 'demo')
      // Model settings are checked before a cluster starts: a missing key is a one-line error.
      chooseBrain(process.env, o.brain)
      checkScenarioFlags(o, cmd)
      // A scenario's problems are reported first: they are what the person has to fix.
      const src = o.scenario ? runnableScenario(o.scenario) : null
      if (!o.headless && !(process.stdout.isTTY && process.stdin.isTTY)) {
        const alternative = o.scenario
          ? `\`operator scenario run ${o.scenario}\` runs it without a screen`
          : 'run `operator demo --headless` for the event stream as lines'
        throw new OperatorError(
          'usage',
          'operator demo needs a terminal for its screen (stdin/stdout is not a TTY)',
          alternative,
        )
      }
      if (src) await runScenarioDemo({ src, step: o.step === true, actor: o.as ?? userInfo().username })
      else await runDemo(o, existingRuns(o.run, cmd, paths().home))
    })
}

/** A scenario brings its own subject, modes, interval and faults: the flags that would set them are refused with it, and --step needs it. */
function checkScenarioFlags(o: DemoOptions, cmd: Command): void {
  if (o.step && !o.scenario)
    throw new OperatorError(
      'usage',
      '--step paces the steps of a scenario, and no --scenario was given',
      'add --scenario FILE (see `operator scenario list`)',
    )
  if (!o.scenario) return
  if (o.headless)
    throw new OperatorError(
      'usage',
      '--scenario runs on the screen; --headless has none',
      `run \`operator scenario run ${o.scenario}\` for the scenario without a screen`,
    )
  const fromFile: Record<string, string> = {
    subject: 'subject',
    runtime: 'runtime',
    interval: 'poll_interval',
    clusters: 'one cluster',
    safety: 'modes.safety',
    approval: 'modes.approval',
    fault: 'method',
    target: 'method',
    timeout: 'steady_state.timeout and expect',
    json: 'the report (printed after the screen closes)',
  }
  const clashing = Object.keys(fromFile).filter((name) => cmd.getOptionValueSource(name) === 'cli')
  const first = clashing[0]
  if (first !== undefined) {
    throw new OperatorError(
      'usage',
      `--${first} cannot be combined with --scenario: the scenario sets it (${fromFile[first]})`,
      `drop --${clashing.join(', --')}, or edit ${o.scenario}`,
    )
  }
}

async function runDemo(o: DemoOptions, existing: ExistingRuns | null): Promise<void> {
  const mod = onRuntime(subject(existing?.subject ?? o.subject), o.runtime)
  // Headless with no --fault: the subject's first fault in its menu (kill_member on etcd, kill_primary on ratelimiter).
  const defaultFault = mod.faultMenu[0]?.name ?? 'none'
  const store = openStore()
  const { signal, abort, dispose } = abortOnSignals()
  const headless = o.headless === true
  const vm = headless
    ? null
    : new ViewModel({ invariants: mod.invariants, clusterTable: (obs) => mod.clusterTable(obs) })
  const render = createLineRenderer()
  let sup: Supervisor | null = null
  // A crash, or the terminal going away, must not leave children or members behind.
  const guard = guardTerminal({ name: 'demo', abort, stopAll: () => sup?.stop() ?? Promise.resolve() })
  const print = (line: string | null) => {
    if (line !== null && !o.json && !guard.gone) process.stdout.write(`${line}\n`)
  }
  // Headless lines of the demo's own are notices: recorded, so a replay prints them too.
  const say = (line: string, tone: Tone = 'info') => (sup ? sup.notice(line, tone) : print(line))
  try {
    // Several clusters take a while to come up, one after another, before the screen opens.
    if (o.clusters > 1) print(`starting ${o.clusters} ${mod.name} clusters, one after another…`)
    sup = await Supervisor.start({
      cliPath: CLI_PATH,
      module: mod,
      home: paths().home,
      store,
      intervalMs: o.interval,
      clusters: o.clusters,
      ...(existing !== null && { existing: existing.runs }),
      safety: o.safety ?? 'execute',
      approval: o.approval ?? (headless ? 'auto' : 'manual'),
      brain: o.brain,
      signal,
      recording: {
        kind: headless ? 'headless' : 'demo',
        meta: { fault: headless ? (o.fault ?? defaultFault) : null, target: o.target },
      },
      onLine: (source, stream, text, at) => {
        if (vm) vm.ingestLine(source, stream, text, at)
        else print(render(source, stream === 'stderr' ? `[stderr] ${text}` : text, at))
      },
      onChild: (view) => {
        if (vm) vm.setChild(view)
        else if (view.status === 'dead') print(childDied(view))
      },
      onSnapshot: (snapshot) => vm?.applySnapshot(snapshot),
      onNotice: (text, tone, at) => {
        if (vm) vm.notice(text, tone, at)
        else print(text)
      },
    })
    // Before any child's line arrives (they are read on later turns of the event loop): lines are routed by run.
    if (vm && sup.runs.length > 1) vm.setRuns(sup.runIds)
    if (headless) {
      for (const { status } of sup.runs)
        say(
          `cluster ${status.run_id} up: ${status.members.map((m) => `${m.name}@${m.client_url}`).join(' ')} (leader on ${status.preferred})`,
        )
      const report = await runHeadless(
        sup,
        store,
        { fault: o.fault ?? defaultFault, target: o.target, timeoutMs: o.timeout, print: (line) => say(line, 'warn') },
        signal,
      )
      if (report) {
        const summary = demoSummary(report)
        sup.recorder?.annotate({ report })
        sup.recordNotice(summary, report.repaired ? 'good' : 'bad', Date.now())
        if (!guard.gone) output(o.json, report, () => summary)
        if (!report.repaired) process.exitCode = 1
      }
    } else if (vm) {
      const tui = startTui({
        vm,
        module: mod,
        supervisor: sup,
        input: process.stdin,
        output: process.stdout,
        actor: o.as ?? userInfo().username,
        signal,
      })
      for (const view of sup.childViews()) vm.setChild(view)
      await tui.done
    }
  } finally {
    await sup?.stop()
    if (sup && headless)
      print(
        `cluster ${sup.runIds.join(', ')} down${sup.recordingId ? ` (recorded: operator replay ${sup.recordingId})` : ''}`,
      )
    store.close()
    dispose()
    guard.finish()
    guard.dispose()
  }
}

function demoSummary(r: DemoReport): string {
  const tickets = r.tickets.map((t) => `${t.id} ${t.key} ${t.status}`).join('; ')
  const others = r.runs.filter((run) => !run.faulted)
  const where = others.length > 0 ? ` of ${r.run_id}` : ''
  const rest =
    others.length === 0
      ? ''
      : `; ${others.map((run) => `${run.run_id} ${run.healthy ? 'healthy' : 'NOT healthy'} (${run.tickets.length} tickets)`).join(', ')}`
  return r.repaired
    ? `demo: ${r.fault} on ${r.targets.join(', ')}${where} detected in ${r.time_to_detect_ms} ms, repaired in ${r.time_to_repair_ms} ms (${tickets})${rest}`
    : `demo: ${r.fault}${where} was NOT repaired within the timeout (${tickets || 'no tickets'})${rest}`
}
