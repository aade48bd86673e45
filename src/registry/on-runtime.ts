/** A subject module whose clusters come up on the scenario's runtime (process or docker). */
import type { SubjectModule, SubjectRuntime } from '../core/subject.js'

export function onRuntime(mod: SubjectModule, runtime: SubjectRuntime['kind']): SubjectModule {
  return { ...mod, up: (options, signal) => mod.up({ ...options, runtime }, signal) }
}
