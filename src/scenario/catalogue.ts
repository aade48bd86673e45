/**
 * What a scenario can name for each subject, known before anything starts:
 * invariants and faults from the subject module, actions (with their
 * parameter schemas) from the action catalogue, member names; and the same
 * from an opened subject once its cluster is up.
 */
import type { Subject, SubjectModule } from '../core/subject.js'
import { catalogue as actionCatalogue } from '../executors/action-catalogue.js'
import { MEMBER_NAMES } from '../../subjects/etcd/index.js'
import { SUBJECTS } from '../../subjects/index.js'
import type { CatalogueSource } from './check-text.js'
import type { SubjectCatalogue } from './check-references.js'

/** Members every run of the subject has. */
const MEMBERS: Record<string, readonly string[]> = { etcd: MEMBER_NAMES }
/** Faults only the docker runtime can inject (there is no peer network between local processes). */
const DOCKER_ONLY_FAULTS: Record<string, readonly string[]> = { etcd: ['partition_member', 'heal_partition'] }

function faultsOf(
  mod: SubjectModule,
  faults: readonly { name: string; targeted: boolean }[],
): SubjectCatalogue['faults'] {
  const dockerOnly = DOCKER_ONLY_FAULTS[mod.name] ?? []
  return faults.map((f) => ({ name: f.name, targeted: f.targeted, dockerOnly: dockerOnly.includes(f.name) }))
}

/** The actions without a cluster, or null when the subject cannot list them unopened. */
function staticActions(name: string): SubjectCatalogue['actions'] {
  try {
    return actionCatalogue(name).map((a) => ({ name: a.name, params: a.params }))
  } catch {
    return null
  }
}

export function staticCatalogue(name: string): SubjectCatalogue | null {
  const mod = SUBJECTS[name]
  if (mod === undefined) return null
  return {
    subject: name,
    invariants: mod.invariants,
    faults: faultsOf(mod, mod.faultMenu),
    actions: staticActions(name),
    members: MEMBERS[name] ?? [],
  }
}

export const staticCatalogues: CatalogueSource = { catalogue: staticCatalogue, subjects: Object.keys(SUBJECTS) }

/** The catalogue of an opened subject: its real faults and actions, the run's members. */
export function openedCatalogue(mod: SubjectModule, subject: Subject, members: readonly string[]): SubjectCatalogue {
  return {
    subject: mod.name,
    invariants: mod.invariants,
    faults: faultsOf(mod, subject.faults),
    actions: subject.actions.map((a) => ({ name: a.name, params: a.params })),
    members,
  }
}
