/**
 * The `status` tool: the modes and kill latch, the agents alive, the current
 * run's members as `operator cluster status` reports them, and one fresh
 * observation with the violations in it. No cluster, or one that does not
 * answer, is part of the answer, not an error.
 */
import { DEFAULT_AGENT_SETTINGS } from '../agent/context.js'
import { SCHEMA_VERSION } from '../contract/common.js'
import { errorMessage } from '../core/errors.js'
import type { McpDeps } from './deps.js'

/** How long one observation may take before the tool answers without it. */
const OBSERVE_TIMEOUT_MS = 5000

export async function statusOf(deps: McpDeps) {
  const { store, clock } = deps
  const base = {
    schema_version: SCHEMA_VERSION,
    modes: store.modes(),
    live_agents: store.liveAgents(clock.now() - DEFAULT_AGENT_SETTINGS.staleMs),
  }
  const run = deps.subjectModule.currentRun(deps.home)
  if (run === null)
    return { ...base, cluster: null, observation: null, note: 'no cluster is up: `operator cluster up` starts one' }
  const cluster = await deps.subjectModule.status(deps.home, run)
  try {
    const subject = await deps.subject()
    const signal = AbortSignal.any([deps.signal, AbortSignal.timeout(OBSERVE_TIMEOUT_MS)])
    const observation = await subject.observe(signal)
    const violations = subject.checker.evaluate(observation).map((v) => ({
      key: v.key,
      invariant: v.invariant,
      severity: v.severity,
      target: v.target,
      message: v.message,
    }))
    return { ...base, cluster, observation: { summary: subject.summarize(observation), violations, data: observation } }
  } catch (err) {
    return { ...base, cluster, observation: null, note: `the cluster did not answer: ${errorMessage(err)}` }
  }
}
