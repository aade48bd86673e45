/**
 * Opens a ratelimiter run for observation and action: the observer (its own
 * Redis connections, kept between polls), the checker, and the actions and
 * faults bound to the run through one handle (a short-lived admin
 * connection per use, the process runtime, HTTP to the apps).
 */
import { OperatorError } from '../../src/core/errors.js'
import type { Subject, SubjectDeps } from '../../src/core/subject.js'
import { ratelimiterActions } from './actions/index.js'
import { createRatelimiterChecker } from './checker.js'
import type { RatelimiterCheckerConfig } from './checker-config.js'
import { MEMBER_NAMES, SUBJECT_NAME } from './defaults.js'
import { ratelimiterFaults } from './faults/index.js'
import type { NodeRuntime, RatelimiterHandle } from './handle.js'
import type { RatelimiterObservation } from './observation.js'
import { createObserver } from './observe.js'
import { fetchGet } from './observe-app.js'
import { ratelimiterPlaybook } from './playbook.js'
import { ioredisAdmin } from './redis-admin.js'
import { ratelimiterRiskFactors } from './risk-factors.js'
import { logTail, nodeProcessState, readRunRecord, resolveRunId, restartNode, signalNode } from './runtime/index.js'
import { summarizeObservation } from './summarize.js'

/** Optional tuning of an opened run. */
export interface OpenOptions {
  checker?: Partial<RatelimiterCheckerConfig>
}

/** The runtime's node operations, bound to one run. */
export function nodeRuntime(home: string, runId: string, deps: SubjectDeps): NodeRuntime {
  return {
    signal: async (member, signal) => {
      const done = signalNode(home, runId, member, signal)
      return { summary: done.summary, pid: done.pid }
    },
    restart: async (member, signal) => {
      const done = await restartNode(home, runId, member, signal, deps.clock)
      return { was: done.was, pid: done.record.pid }
    },
    state: (member) => nodeProcessState(home, runId, member),
    logTail: async (member, lines) => logTail(home, runId, member, lines),
  }
}

export async function openRatelimiter(
  home: string,
  runId: string | undefined,
  deps: SubjectDeps,
  options: OpenOptions = {},
): Promise<Subject<RatelimiterObservation>> {
  const id = resolveRunId(home, runId)
  const run = readRunRecord(home, id)
  const runtime = nodeRuntime(home, id, deps)
  const handle: RatelimiterHandle = {
    home,
    run_id: id,
    run,
    redis: ioredisAdmin(),
    runtime,
    http: fetchGet,
    log: deps.log,
  }
  const observer = createObserver(home, id, run, { clock: deps.clock })
  return {
    name: SUBJECT_NAME,
    run_id: id,
    observe: (signal) => observer.observe(signal),
    checker: createRatelimiterChecker(options.checker),
    actions: ratelimiterActions(handle),
    faults: ratelimiterFaults(handle),
    playbook: ratelimiterPlaybook,
    summarize: summarizeObservation,
    riskFactors: ratelimiterRiskFactors,
    logTail: async (member, lines) => {
      if (!MEMBER_NAMES.includes(member))
        throw new OperatorError('usage', `no member ${member}`, `one of ${MEMBER_NAMES.join(', ')}`)
      return runtime.logTail(member, lines)
    },
    close: async () => observer.close(),
  }
}
