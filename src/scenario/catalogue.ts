/**
 * What a scenario can name for each subject, known before anything starts:
 * invariants, faults (and the runtimes they need), actions with their
 * parameter schemas and member names, all from the subject module's static
 * catalogue; and the same from an opened subject once its cluster is up.
 */
import type { FaultMenuEntry, Subject, SubjectModule } from '../core/subject.js'
import { SUBJECT_NAMES, SUBJECTS } from '../registry/subjects.js'
import type { SubjectCatalogue } from './check-references.js'
import type { CatalogueSource } from './check-text.js'

function faultsOf(
  mod: SubjectModule,
  faults: readonly { name: string; targeted: boolean }[],
): SubjectCatalogue['faults'] {
  const menu = new Map<string, FaultMenuEntry>(mod.faultMenu.map((f) => [f.name, f]))
  return faults.map((f) => {
    const only = menu.get(f.name)?.runtimes
    const targets = menu.get(f.name)?.targets
    return {
      name: f.name,
      targeted: f.targeted,
      dockerOnly: only !== undefined && !only.includes('process'),
      ...(targets === undefined ? {} : { targets }),
    }
  })
}

export function staticCatalogue(name: string): SubjectCatalogue | null {
  const mod = SUBJECTS[name]
  if (mod === undefined) return null
  return {
    subject: name,
    invariants: mod.invariants,
    faults: faultsOf(mod, mod.faultMenu),
    actions: mod.catalogue.map((a) => ({ name: a.name, params: a.params })),
    members: mod.members,
  }
}

export const staticCatalogues: CatalogueSource = { catalogue: staticCatalogue, subjects: SUBJECT_NAMES }

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
