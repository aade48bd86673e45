#!/usr/bin/env node
/**
 * The `operator` binary: every subcommand registered here, errors caught
 * once and turned into one line (problem — fix) and an exit code.
 */
import { Command, CommanderError } from 'commander'
import { errorMessage, exitCodeFor, isOperatorError } from '../core/errors.js'
import { registerAgent } from './agent.js'
import { registerApprovals } from './approve.js'
import { registerAudit } from './audit.js'
import { registerBoot } from './boot.js'
import { registerBrain } from './brain.js'
import { registerCluster } from './cluster.js'
import { registerDemo } from './demo.js'
import { registerDoctor } from './doctor.js'
import { registerEval } from './eval.js'
import { registerExplain } from './explain.js'
import { registerFault } from './fault.js'
import { registerKill } from './kill.js'
import { registerLists } from './lists.js'
import { registerMcp } from './mcp.js'
import { registerMode } from './mode.js'
import { registerMonitor } from './monitor.js'
import { registerPolicy } from './policy.js'
import { registerReplay } from './replay.js'
import { registerRuns } from './runs.js'
import { registerScenario } from './scenario.js'
import { outputGuarded } from './terminal-guard.js'
import { registerWorkload } from './workload.js'

function buildProgram(): Command {
  const program = new Command('operator')
    .description('Terminal supervisor for AI remediation agents on real distributed systems')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`${str.trim()} — see \`operator --help\`\n`) })
  registerCluster(program)
  registerFault(program)
  registerMonitor(program)
  registerAgent(program)
  registerMode(program)
  registerApprovals(program)
  registerLists(program)
  registerKill(program)
  registerAudit(program)
  registerDemo(program)
  registerPolicy(program)
  registerWorkload(program)
  registerDoctor(program)
  registerScenario(program)
  registerEval(program)
  registerRuns(program)
  registerReplay(program)
  registerBrain(program)
  registerExplain(program)
  registerBoot(program)
  registerMcp(program)
  for (const cmd of program.commands) applyDefaults(cmd)
  return program
}

function applyDefaults(cmd: Command): void {
  cmd
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`${str.trim()} — see \`operator ${cmd.name()} --help\`\n`) })
  for (const sub of cmd.commands) applyDefaults(sub)
}

async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv)
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit through here with code 0; usage errors were already printed.
      return err.exitCode === 0 ? 0 : exitCodeFor('usage')
    }
    if (isOperatorError(err)) {
      process.stderr.write(`operator: ${err.oneLine()}\n`)
      return err.exitCode
    }
    process.stderr.write(
      `operator: unexpected error: ${errorMessage(err)} — please report it with the command you ran\n`,
    )
    if (process.env.OPERATOR_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`)
    return exitCodeFor('internal')
  }
}

// A reader that goes away (`operator runs list | head`) ends the output, not in a crash; commands that own running things stop them first (terminal-guard.ts).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' && !stream.isTTY && !outputGuarded())
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0)
    throw err
  })
}

void main(process.argv).then((code) => {
  process.exitCode = code
  // A client library that keeps a handle open must not keep a finished command alive.
  setTimeout(() => process.exit(code), 1500).unref()
})
