/**
 * Which containers and networks Docker actions may touch. Bound to a run,
 * only that run's (`operator.managed=true` and `operator.run=<run>`); with no
 * run, only what Operator manages (`operator.managed=true`). Anything else is
 * refused with a failed result naming the rule, before any call changes it.
 */
import { LABEL_MANAGED, LABEL_RUN } from './engine.js'

/** What a scope rule sees of a container or network. */
export interface ScopeTarget {
  kind: 'container' | 'network'
  id: string
  name: string
  labels: Readonly<Record<string, string>>
}

/** Why a target is out of scope: the rule's id and a sentence for people. */
export interface ScopeRefusal {
  rule: string
  message: string
}

export interface DockerScope {
  /** null when actions may touch the target. */
  check(target: ScopeTarget): ScopeRefusal | null
}

/** Targets must carry every one of these labels with exactly these values. */
export function labelScope(rule: string, required: Readonly<Record<string, string>>): DockerScope {
  const wanted = Object.entries(required)
  const described = wanted.map(([k, v]) => `${k}=${v}`).join(', ')
  return {
    check(target) {
      const missing = wanted.filter(([k, v]) => target.labels[k] !== v)
      if (missing.length === 0) return null
      return {
        rule,
        message: `${target.kind} "${target.name}" is not labelled ${described}: only such ${target.kind}s may be touched by Docker actions`,
      }
    },
  }
}

/** The default: only containers and networks labelled operator.managed=true. */
export const MANAGED_ONLY: DockerScope = labelScope('scope.managed_only', { [LABEL_MANAGED]: 'true' })

/** The rule id a run-scoped refusal names. */
export const THIS_RUN_RULE = 'scope.this_run'

/** The scope of the Docker actions bound to one run: only what is labelled operator.managed=true and operator.run=runId. */
export function runScope(runId: string): DockerScope {
  const required = `${LABEL_MANAGED}=true, ${LABEL_RUN}=${runId}`
  return {
    check({ kind, name, labels }) {
      const managed = labels[LABEL_MANAGED] === 'true'
      const run = labels[LABEL_RUN]
      if (managed && run === runId) return null
      const why = !managed
        ? `is not managed by Operator (no ${LABEL_MANAGED}=true)`
        : run === undefined
          ? `belongs to no run (no ${LABEL_RUN} label)`
          : `belongs to run ${run} (${LABEL_RUN}=${run})`
      const fix =
        managed && run !== undefined
          ? `act on run ${run} from that run, or name one of run ${runId}'s ${kind}s`
          : `name one of run ${runId}'s ${kind}s`
      return {
        rule: THIS_RUN_RULE,
        message: `${kind} "${name}" ${why}: the Docker actions of run ${runId} only touch ${kind}s labelled ${required}; fix: ${fix}`,
      }
    },
  }
}
