/**
 * `--runs all|NAME,…` of `operator monitor` and `operator agent`: which runs
 * one process supervises. Named runs must exist (their subject is read from
 * each run's record); `all` is every subject's runs that are up, read again
 * as runs come and go.
 */
import { OperatorError } from '../core/errors.js'
import type { RunSource } from '../core/run-fleet.js'
import type { SubjectDeps } from '../core/subject.js'
import { runIsDown, runSubject } from '../executors/local/run-listing.js'
import { SUBJECT_NAMES } from '../registry/subjects.js'
import { subject } from './subject.js'

export function parseRuns(value: string, home: string): string[] | 'all' {
  if (value.trim() === 'all') return 'all'
  const names = [...new Set(value.split(',').map((s) => s.trim()))].filter(Boolean)
  if (names.length === 0) throw new OperatorError('usage', '--runs names no run', 'give --runs all or --runs NAME,…')
  for (const name of names) {
    if (runSubject(home, name) === null)
      throw new OperatorError(
        'not_found',
        `--runs: no run "${name}" under ${home}`,
        'start it with `operator cluster up --name NAME`, attach it, or use --runs all',
      )
  }
  return names
}

export function runSource(runs: string[] | 'all', home: string, deps: SubjectDeps): RunSource {
  const named = runs === 'all' ? null : runs
  return {
    openEnded: named === null,
    list: () => named ?? SUBJECT_NAMES.flatMap((name) => subject(name).liveRuns(home)),
    open: async (runId) => {
      const name = runSubject(home, runId)
      if (name === null)
        throw new OperatorError('not_found', `run ${runId} has no readable record under ${home}`, 'check OPERATOR_HOME')
      return subject(name).open(home, runId, deps)
    },
    ended: (runId) => runIsDown(home, runId),
  }
}
