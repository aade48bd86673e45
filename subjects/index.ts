/** The subjects the operator knows, by the name used with `--subject`. */
import { OperatorError } from '../src/core/errors.js'
import type { SubjectModule } from '../src/core/subject.js'
import { etcdSubject } from './etcd/index.js'

export const SUBJECTS: Record<string, SubjectModule> = { etcd: etcdSubject }

export function subjectModule(name: string): SubjectModule {
  const module = SUBJECTS[name]
  if (module === undefined) {
    throw new OperatorError(
      'usage',
      `unknown subject "${name}" (known: ${Object.keys(SUBJECTS).join(', ')})`,
      'use --subject etcd',
    )
  }
  return module
}
