/**
 * The subjects the operator knows, by the name used with `--subject`, each
 * composed with the generic actions. The one place a new subject is added.
 */

import { etcdSubject } from '../../subjects/etcd/index.js'
import { ratelimiterSubject } from '../../subjects/ratelimiter/index.js'
import type { ActionSpec } from '../core/action.js'
import { OperatorError } from '../core/errors.js'
import type { SubjectModule } from '../core/subject.js'
import { withGenericActions } from './compose.js'

export const SUBJECTS: Readonly<Record<string, SubjectModule>> = {
  etcd: withGenericActions(etcdSubject),
  ratelimiter: withGenericActions(ratelimiterSubject),
}

export const SUBJECT_NAMES: readonly string[] = Object.keys(SUBJECTS)

export function subjectModule(name: string): SubjectModule {
  const module = SUBJECTS[name]
  if (module === undefined) {
    throw new OperatorError(
      'usage',
      `unknown subject "${name}" (known: ${SUBJECT_NAMES.join(', ')})`,
      `use --subject ${SUBJECT_NAMES.join(' or --subject ')}`,
    )
  }
  return module
}

/** Every action the agent may propose for this subject, as data: its own, then the generic ones. */
export function actionCatalogue(name: string): readonly ActionSpec[] {
  return subjectModule(name).catalogue
}
