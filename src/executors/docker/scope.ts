/**
 * Which containers and networks Docker actions may touch. By default only
 * what Operator manages (`operator.managed=true`); anything else is refused
 * with a failed result naming the rule, before any call changes it.
 */
import { LABEL_MANAGED } from './engine.js'

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
