/**
 * The subject a command drives, by its `--subject` name. Apart from
 * context.ts so that commands that need no subject (modes, lists, audit,
 * approvals) do not load every subject's clients at start.
 */
import type { SubjectModule } from '../core/subject.js'
import { subjectModule } from '../registry/subjects.js'

export function subject(name: string): SubjectModule {
  return subjectModule(name)
}
