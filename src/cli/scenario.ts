/**
 * `operator scenario list|validate|run`: scripted faults against a real
 * cluster, checked against their expectations (DESIGN.md, "Scenarios and
 * replay"). Progress goes to stderr; stdout holds the report (text, or the
 * same object as JSON).
 */
import { setTimeout } from 'node:timers/promises'
import type { Command } from 'commander'
import { z } from 'zod'
import { chooseBrain } from '../brain/create-brain.js'
import { systemClock } from '../core/clock.js'
import { CODE_EXIT, exitCodeFor, OperatorError } from '../core/errors.js'
import { defaultScenarioDir, listScenarios, readScenario } from '../scenario/load-scenario.js'
import { formatProblem } from '../scenario/problem.js'
import { renderScenarioReport } from '../scenario/render-report.js'
import type { ScenarioReport } from '../scenario/report-schema.js'
import type { ScenarioSource } from '../scenario/run-deps.js'
import { runScenario } from '../scenario/run-scenario.js'
import { CLI_PATH } from './cli-path.js'
import { abortOnSignals, openStore, output, parseOptions, paths } from './context.js'
import { intFrom } from './options.js'
import { subject } from './subject.js'
import { guardTerminal } from './terminal-guard.js'

const ListOptions = z.object({ dir: z.string().min(1).optional(), json: z.boolean().optional() })
const ValidateOptions = z.object({ json: z.boolean().optional() })
const RunOptions = z.object({ runs: intFrom(1, 1000), json: z.boolean().optional(), brain: z.string().optional() })

/** 0 only when every expectation of every run passed; 9 when the system was not steady; 130 after Ctrl-C. */
export function scenarioExitCode(report: ScenarioReport, interrupted: boolean): number {
  if (interrupted) return 130
  if (report.outcome === 'passed') return 0
  if (report.outcome === 'refused') return exitCodeFor('subject')
  return 1
}

/** The scenario in `file`, ready to run; its problems go to stderr, one per line, and nothing starts. */
export function runnableScenario(file: string): ScenarioSource {
  const { check, text, policy } = readScenario(file)
  if (!check.ok) {
    for (const p of check.problems) process.stderr.write(`${formatProblem(p)}\n`)
    const n = check.problems.length
    throw new OperatorError(
      'config',
      `scenario ${file} has ${n} problem${n > 1 ? 's' : ''} (above); nothing was started`,
      `fix ${n > 1 ? 'them' : 'it'} and check with \`operator scenario validate ${file}\``,
      { code: 'scenario_invalid' },
    )
  }
  return { scenario: check.scenario, file, text, policy }
}

export function registerScenario(program: Command): void {
  const scenario = program
    .command('scenario')
    .description('run scripted faults on a real cluster and check that the loop repairs them in time')

  scenario
    .command('list')
    .description('list the scenarios (./scenarios, else the shipped ones) with their titles')
    .option('--dir <dir>', 'directory of scenario files')
    .option('--json', 'print the list as JSON')
    .action((raw: unknown) => {
      const o = parseOptions(ListOptions, raw, 'scenario list')
      const dir = o.dir ?? defaultScenarioDir()
      output(o.json, { dir, scenarios: listScenarios(dir) }, (r) =>
        [
          `${r.dir}:`,
          ...r.scenarios.map((s) => {
            const problems = `${s.problems} problem${s.problems > 1 ? 's' : ''}`
            const summary = s.ok ? s.title : `(${problems}: operator scenario validate ${s.file})`
            return `  ${s.name.padEnd(28)} ${summary}`
          }),
        ].join('\n'),
      )
    })

  scenario
    .command('validate')
    .description('check a scenario file without running it: one line per problem with its line, path and a hint')
    .argument('<file>', 'scenario YAML')
    .option('--json', 'print the result as JSON')
    .action((file: string, raw: unknown) => {
      const o = parseOptions(ValidateOptions, raw, 'scenario validate')
      const { check } = readScenario(file)
      const result = check.ok
        ? { file, ok: true, title: check.scenario.title, problems: [] }
        : { file, ok: false, title: null, problems: check.problems }
      output(o.json, result, (r) => (r.ok ? `${r.file}: ok — ${r.title}` : r.problems.map(formatProblem).join('\n')))
      if (!check.ok) process.exitCode = CODE_EXIT.scenario_invalid
    })

  scenario
    .command('run')
    .description('run a scenario live: steady state, faults at their times, expectations, rollbacks, report')
    .argument('<file>', 'scenario YAML')
    .option('--runs <n>', 'run it this many times and report medians and p95', '1')
    .option('--json', 'print the report as JSON (progress stays on stderr)')
    .option('--brain <name>', "what plans for the agent: playbook or llm (over the file's modes.brain)")
    .action(async (file: string, raw: unknown) => {
      const o = parseOptions(RunOptions, raw, 'scenario run')
      const src = runnableScenario(file)
      // Model settings are checked before a cluster starts: a missing key is a one-line error.
      const brain = chooseBrain(process.env, o.brain, src.scenario.modes.brain)
      const store = openStore()
      const { signal, abort, dispose } = abortOnSignals()
      // A closed terminal or pipe, or a crash, aborts the run: its rollbacks and the cluster's stop still happen first.
      let running: Promise<ScenarioReport> | null = null
      const guard = guardTerminal({
        name: 'scenario run',
        abort,
        stopAll: async () => {
          await Promise.race([running, setTimeout(120_000)])
        },
      })
      try {
        running = runScenario(src, o.runs, {
          module: subject(src.scenario.subject),
          cliPath: CLI_PATH,
          home: paths().home,
          store,
          clock: systemClock,
          signal,
          brain,
          progress: (line) => {
            if (!guard.gone) process.stderr.write(`${line}\n`)
          },
        })
        const report = await running
        if (!guard.gone) output(o.json, report, renderScenarioReport)
        process.exitCode = scenarioExitCode(report, signal.aborted)
      } finally {
        store.close()
        dispose()
        guard.finish()
        guard.dispose()
      }
    })
}
