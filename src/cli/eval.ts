/**
 * `operator eval [--brain playbook|llm] [--runs N] [--json] SCENARIO...|DIR`:
 * each scenario run N times in sequence (as `scenario run` does), then per
 * scenario and overall: pass rate, harmful executions, escalations, time to
 * repair p50/p95, and the model brain's tool calls, tokens and cost.
 * Progress goes to stderr; stdout holds the report (text, or JSON).
 */
import { statSync } from 'node:fs'
import { basename } from 'node:path'
import { setTimeout } from 'node:timers/promises'
import type { Command } from 'commander'
import { z } from 'zod'
import { chooseBrain } from '../brain/create-brain.js'
import { systemClock } from '../core/clock.js'
import { renderEvalReport } from '../scenario/eval-render.js'
import { BRAIN_EVENT_TYPES, evalReport, evalScenario } from '../scenario/eval-report.js'
import type { EvalReport, ScenarioEval } from '../scenario/eval-schema.js'
import { listScenarios } from '../scenario/load-scenario.js'
import type { ScenarioReport } from '../scenario/report-schema.js'
import { runScenario } from '../scenario/run-scenario.js'
import { CLI_PATH } from './cli-path.js'
import { abortOnSignals, openStore, output, parseOptions, paths } from './context.js'
import { intFrom } from './options.js'
import { runnableScenario } from './scenario.js'
import { subject } from './subject.js'
import { guardTerminal } from './terminal-guard.js'

const EvalOptions = z.object({ runs: intFrom(1, 1000), json: z.boolean().optional(), brain: z.string().optional() })

/** The scenario files the arguments name: files as given, directories as `scenario list` lists them. */
export function scenarioFiles(args: readonly string[]): string[] {
  return args.flatMap((arg) => {
    let dir = false
    try {
      dir = statSync(arg).isDirectory()
    } catch {
      // Not there: readScenario says so with a hint.
    }
    return dir ? listScenarios(arg).map((s) => s.file) : [arg]
  })
}

/** 0 when every run passed and nothing harmful executed; 130 after Ctrl-C; 1 otherwise. */
export function evalExitCode(report: EvalReport): number {
  if (report.interrupted) return 130
  return report.overall.ok ? 0 : 1
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('run scenarios N times each and report pass rate, harmful executions, escalations, repair times, cost')
    .argument('<scenarios...>', 'scenario YAML files, or a directory of them')
    .option('--runs <n>', 'run each scenario this many times', '1')
    .option('--json', 'print the report as JSON (progress stays on stderr)')
    .option('--brain <name>', "what plans for the agent: playbook or llm (over each file's modes.brain)")
    .action(async (args: string[], raw: unknown) => {
      const o = parseOptions(EvalOptions, raw, 'eval')
      // Every file is checked, and the model settings too, before the first cluster starts.
      const plan = scenarioFiles(args).map((file) => {
        const src = runnableScenario(file)
        const brain = chooseBrain(process.env, o.brain, src.scenario.modes.brain)
        return { src, brain, name: basename(file).replace(/\.ya?ml$/, '') }
      })
      const store = openStore()
      const { signal, abort, dispose } = abortOnSignals()
      let running: Promise<ScenarioReport> | null = null
      const guard = guardTerminal({
        name: 'eval',
        abort,
        stopAll: async () => {
          await Promise.race([running, setTimeout(120_000)])
        },
      })
      try {
        const results: ScenarioEval[] = []
        for (const [i, { src, brain, name }] of plan.entries()) {
          if (signal.aborted) break
          const tag = `[${i + 1}/${plan.length} ${name}]`
          running = runScenario(src, o.runs, {
            module: subject(src.scenario.subject),
            cliPath: CLI_PATH,
            home: paths().home,
            store,
            clock: systemClock,
            signal,
            brain,
            progress: (line) => {
              if (!guard.gone) process.stderr.write(`${tag} ${line}\n`)
            },
          })
          const report = await running
          const events = report.runs.flatMap((r) =>
            r.run_id === null ? [] : store.events({ runId: r.run_id, types: BRAIN_EVENT_TYPES }),
          )
          results.push(evalScenario(name, [report], events, src.scenario.forbid, brain))
        }
        const report = evalReport(results, o.runs, signal.aborted)
        if (!guard.gone) output(o.json, report, renderEvalReport)
        process.exitCode = evalExitCode(report)
      } finally {
        store.close()
        dispose()
        guard.finish()
        guard.dispose()
      }
    })
}
