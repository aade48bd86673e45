#!/usr/bin/env node
/**
 * The `operator` binary: the subcommand run registered (commands.ts), errors caught
 * once and turned into one line (problem — fix) and an exit code; with
 * `--json`, also the contract's error object on stdout (error-object.ts).
 */
import { Command, CommanderError } from 'commander'
import type { ErrorObject } from '../contract/common.js'
import { errorObject, errorText } from '../contract/error-object.js'
import { CODE_EXIT, isOperatorError, OperatorError } from '../core/errors.js'
import { registerCommands } from './commands.js'
import { quietKnownWarnings } from './quiet-warnings.js'
import { outputGuarded } from './terminal-guard.js'

quietKnownWarnings()

/** The hint of the last usage error commander printed, for the `--json` error object. */
let usageHint = 'see `operator --help`'

/** Commander's usage errors, as they always were: its message, then where the help is. */
function usageOutput(name: string): (str: string, write: (str: string) => void) => void {
  return (str, write) => {
    usageHint = `see \`${name} --help\``
    write(`${str.trim()} — ${usageHint}\n`)
  }
}

async function buildProgram(argv: string[]): Promise<Command> {
  const program = new Command('operator')
    .description('Terminal supervisor for AI remediation agents on real distributed systems')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ outputError: usageOutput('operator') })
  await registerCommands(program, argv)
  for (const cmd of program.commands) applyDefaults(cmd, 'operator')
  return program
}

/** Usage errors name the full command's help: `operator audit verify --help`. */
function applyDefaults(cmd: Command, parent: string): void {
  const name = `${parent} ${cmd.name()}`
  cmd.exitOverride().configureOutput({ outputError: usageOutput(name) })
  for (const sub of cmd.commands) applyDefaults(sub, name)
}

/** `--json` anywhere among the arguments (before a `--`): a failure is then also printed as the error object. */
function wantsJson(argv: string[]): boolean {
  const args = argv.slice(2)
  const end = args.indexOf('--')
  return (end === -1 ? args : args.slice(0, end)).includes('--json')
}

/** Commander's usage error as an OperatorError; it has already printed its own line. */
function usageError(err: CommanderError): OperatorError {
  const message = err.code === 'commander.help' ? 'a subcommand is needed' : err.message.replace(/^error: /, '')
  return new OperatorError('usage', message, usageHint)
}

function printJson(obj: ErrorObject): void {
  process.stdout.write(`${JSON.stringify(obj, null, 2)}\n`)
}

async function main(argv: string[]): Promise<number> {
  const json = wantsJson(argv)
  try {
    await (await buildProgram(argv)).parseAsync(argv)
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit through here with code 0; usage errors were already printed.
      if (err.exitCode === 0) return 0
      if (json) printJson(errorObject(usageError(err)))
      return CODE_EXIT.usage
    }
    const obj = errorObject(err)
    if (json) printJson(obj)
    process.stderr.write(`${errorText(obj)}\n`)
    if (!isOperatorError(err) && process.env.OPERATOR_DEBUG)
      process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`)
    return obj.error.exit_code
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
