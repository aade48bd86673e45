/**
 * The default brain: the subject's playbook, deterministic and offline. Its
 * plans are the playbook's candidates for the violation, best first; when
 * they run out it escalates (no_candidate when there was none at all).
 */
import type { Playbook } from '../core/subject.js'
import type { Brain, BrainSession, BrainStep, Plan } from './brain.js'

export function playbookBrain(playbook: Playbook<never>): Brain {
  return {
    name: 'playbook',
    model: null,
    open({ violation, observation }): BrainSession {
      const candidates = playbook.candidates(violation, observation as never)
      let next = 0
      return {
        async next(): Promise<BrainStep> {
          const plan = candidates[next]
          if (plan !== undefined) {
            next++
            return { kind: 'plan', plan }
          }
          return candidates.length === 0
            ? {
                kind: 'escalate',
                code: 'no_candidate',
                reason: 'the playbook has no remedy for this violation: a person must decide',
              }
            : {
                kind: 'escalate',
                code: 'candidates_exhausted',
                reason: `no candidate repaired ${violation.key} after ${candidates.length} attempt(s)`,
              }
        },
        report() {},
        async close() {},
      }
    },
  }
}

const sameSteps = (a: Plan, b: Plan) => JSON.stringify(a.steps) === JSON.stringify(b.steps)

/** A session that skips plans already tried (a model's, before its provider failed and the playbook took over). */
export function withoutPlans(session: BrainSession, tried: readonly Plan[]): BrainSession {
  return {
    async next(signal) {
      for (;;) {
        const step = await session.next(signal)
        if (step.kind !== 'plan' || !tried.some((t) => sameSteps(t, step.plan))) return step
      }
    },
    report: (outcome) => session.report(outcome),
    close: () => session.close(),
  }
}
