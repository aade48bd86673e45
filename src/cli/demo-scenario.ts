/**
 * `operator demo --scenario FILE [--step]`: a scenario run for an audience,
 * inside the five-panel screen. A band above the panels narrates it (title,
 * step n of m, the step's `say:` line, when it fires); with `--step` the
 * presenter fires each step with space, otherwise steps fire on their times.
 * The report opens over the panels at the end and stays until `q`; it is
 * printed on the terminal after the screen closes, and the exit code is the
 * scenario's (0 only when every expectation passed). `q` or Ctrl-C during
 * the run stops the scenario first: rollbacks by its strategy, then the
 * cluster. The run is recorded; a replay shows the narration too.
 */
import { systemClock } from '../core/clock.js'
import { narrationLine } from '../core/narration.js'
import { finished, PRESENTER_KEY, startingUp } from '../scenario/narrate.js'
import { Presenter } from '../scenario/presenter.js'
import { renderScenarioReport } from '../scenario/render-report.js'
import type { ScenarioSource } from '../scenario/run-deps.js'
import { runScenario } from '../scenario/run-scenario.js'
import type { Supervisor } from '../supervisor/supervisor.js'
import { startTui } from '../tui/app.js'
import { ViewModel } from '../tui/view-model.js'
import { CLI_PATH } from './cli-path.js'
import { abortOnSignals, openStore, output, paths } from './context.js'
import { scenarioExitCode } from './scenario.js'
import { subject } from './subject.js'
import { guardTerminal } from './terminal-guard.js'

export interface ScenarioDemoOptions {
  /** The scenario, checked (`runnableScenario`). */
  src: ScenarioSource
  /** The presenter fires each step. */
  step: boolean
  /** Who approves from the screen. */
  actor: string
}

export async function runScenarioDemo(o: ScenarioDemoOptions): Promise<void> {
  const { src } = o
  const { scenario } = src
  const mod = subject(scenario.subject)
  const store = openStore()
  const { signal, abort, dispose } = abortOnSignals()
  // The presenter's q stops the scenario (rollbacks, cluster down) before the screen closes.
  const quit = new AbortController()
  const vm = new ViewModel({ invariants: mod.invariants, clusterTable: (obs) => mod.clusterTable(obs) })
  const presenter = o.step ? new Presenter() : null
  if (presenter) vm.extraKeys = [[PRESENTER_KEY, 'fire the next step']]
  let running = true
  let closeWhenDone = false
  let screenOpen = true
  let current: Supervisor | null = null
  const tui = startTui({
    vm,
    module: mod,
    supervisor: null,
    input: process.stdin,
    output: process.stdout,
    actor: o.actor,
    signal,
    title: `operator demo — ${scenario.title}`,
    onKey: (key) => {
      if (presenter === null || key.name !== PRESENTER_KEY) return false
      if (!presenter.fire())
        vm.flash = {
          text: running ? 'no step waits yet: the narration says what comes next' : 'the scenario is over: q quits',
          tone: 'info',
          at: Date.now(),
        }
      return true
    },
    onQuit: () => {
      if (!running || quit.signal.aborted || closeWhenDone) return false
      if (vm.narration?.report) {
        // The verdict is in and the cluster is going down: close once it is down.
        closeWhenDone = true
        vm.notice('closing once the cluster is down… (q again closes the screen at once)', 'info', Date.now())
      } else {
        quit.abort(new Error('the presenter quit'))
        vm.notice(
          'stopping the scenario: rollbacks by its strategy, then the cluster… (q again closes the screen at once)',
          'warn',
          Date.now(),
        )
      }
      return true
    },
  })
  void tui.done.then(() => {
    screenOpen = false
  })
  vm.narrate(startingUp(scenario, presenter !== null))
  // A crash, or the terminal going away, must not leave children or members behind.
  const guard = guardTerminal({
    name: 'demo',
    abort: (reason) => {
      tui.close()
      abort(reason)
    },
    stopAll: () => current?.stop() ?? Promise.resolve(),
  })
  const tell = (line: string) => {
    if (!guard.gone) process.stderr.write(`${line}\n`)
  }
  try {
    const report = await runScenario(src, 1, {
      module: mod,
      cliPath: CLI_PATH,
      home: paths().home,
      store,
      clock: systemClock,
      signal: AbortSignal.any([signal, quit.signal]),
      // With a cluster up the supervisor shows (and records) progress as notices; before it, and once the screen is gone, it goes here.
      progress: (line) => {
        if (!screenOpen) tell(line)
        else if (current === null) vm.notice(line, 'info', Date.now())
      },
      ui: {
        onLine: (source, stream, text, at) => vm.ingestLine(source, stream, text, at),
        onChild: (view) => vm.setChild(view),
        onSnapshot: (snapshot) => vm.applySnapshot(snapshot),
        onNotice: (text, tone, at) => vm.notice(text, tone, at),
        onNarration: (narration) => {
          vm.narrate(narration)
          if (!screenOpen && narration) tell(narrationLine(narration))
        },
        attach: (sup) => {
          current = sup
          tui.attach(sup)
        },
        presenter,
      },
    })
    running = false
    vm.extraKeys = []
    const run = report.runs[0]
    // A run that never brought its cluster up has recorded no narration: the screen shows its report all the same.
    if (run && !vm.narration?.report) vm.narrate(finished(scenario, run))
    if (quit.signal.aborted || signal.aborted || closeWhenDone) tui.close()
    else vm.flash = { text: 'the scenario is over: any key closes the report, q quits', tone: 'info', at: Date.now() }
    await tui.done
    if (!guard.gone) output(false, report, renderScenarioReport)
    if (run?.run_id) tell(`recorded: operator replay ${run.run_id}`)
    // A quit after the verdict (while the cluster went down) does not change it.
    process.exitCode = scenarioExitCode(report, signal.aborted || (quit.signal.aborted && report.outcome === 'aborted'))
  } finally {
    tui.close()
    store.close()
    dispose()
    guard.finish()
    guard.dispose()
  }
}
