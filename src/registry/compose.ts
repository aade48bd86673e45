/**
 * The composition of a subject with the generic actions (DESIGN.md,
 * "Actions and the loop"): the subject's own actions first — they are scoped
 * to its runs — then the Docker, sandbox and host actions whose names it does
 * not already define. The same rule for the static catalogue (no cluster)
 * and for an opened run, so what `policy explain` and `scenario validate`
 * know is what the agent may propose.
 */
import type { ActionSpec } from '../core/action.js'
import type { SubjectModule } from '../core/subject.js'
import { GENERIC_ACTION_SPECS, genericActionsForRun } from '../executors/catalogue.js'

/** Own entries first, then the others whose names are not taken. */
function merged<A extends { name: string }>(own: readonly A[], generic: readonly A[]): A[] {
  const names = new Set(own.map((a) => a.name))
  return [...own, ...generic.filter((a) => !names.has(a.name))]
}

/** A subject module whose static catalogue and opened runs include the generic actions. */
export function withGenericActions(module: SubjectModule): SubjectModule {
  return {
    ...module,
    catalogue: merged<ActionSpec>(module.catalogue, GENERIC_ACTION_SPECS),
    open: async (home, runId, deps) => {
      const subject = await module.open(home, runId, deps)
      return { ...subject, actions: merged(subject.actions, genericActionsForRun(subject.run_id)) }
    },
  }
}
