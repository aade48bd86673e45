/**
 * `operator demo --run NAME[,NAME…]`: the demo on runs that are up already —
 * clusters attached with `cluster attach`, or started with `cluster up
 * --name` — instead of starting its own. Nothing is started or taken down;
 * attached runs get no workload (the demo never writes load into a cluster
 * it did not start), and their fault menu says when faults are refused.
 */
import type { Command } from 'commander'
import { OperatorError } from '../core/errors.js'
import { runSubject } from '../executors/local/run-listing.js'

export interface ExistingRuns {
  subject: string
  runs: string[]
}

/** The runs named by --run, all of one subject; null without --run. Clashing flags are refused in one line. */
export function existingRuns(value: string | undefined, cmd: Command, home: string): ExistingRuns | null {
  if (value === undefined) return null
  const clashing = ['clusters', 'runtime', 'subject', 'scenario'].filter((f) => cmd.getOptionValueSource(f) === 'cli')
  if (clashing.length > 0)
    throw new OperatorError(
      'usage',
      `--${clashing[0]} cannot be combined with --run: the runs named are up already, with their own subject and runtime`,
      `drop --${clashing.join(', --')}`,
    )
  const runs = [...new Set(value.split(',').map((s) => s.trim()))].filter(Boolean)
  const subjects = new Set<string>()
  for (const run of runs) {
    const subject = runSubject(home, run)
    if (subject === null)
      throw new OperatorError(
        'not_found',
        `--run: no run "${run}" under ${home}`,
        'attach it (`operator cluster attach`) or start it (`operator cluster up --name`), or leave out --run',
      )
    subjects.add(subject)
  }
  const [subject, other] = [...subjects]
  if (subject === undefined) throw new OperatorError('usage', '--run names no run', 'give --run NAME[,NAME…]')
  if (other !== undefined)
    throw new OperatorError('usage', `--run mixes subjects (${[...subjects].join(', ')})`, 'name runs of one subject')
  return { subject, runs }
}
