/**
 * Every action a subject's agent may propose, known without a running
 * cluster: for `operator policy explain` and for documentation. The
 * definitions are built over a handle that refuses to be used, so nothing
 * here can act.
 */
import { OperatorError } from '../core/errors.js'
import type { ActionDefinition } from '../core/subject.js'
import { etcdActions } from '../../subjects/etcd/actions/index.js'
import { genericActions, lazyEngine } from './catalogue.js'
import { hostActionList } from './host/index.js'
import type { EtcdHandle } from '../../subjects/etcd/handle.js'
import { subjectModule } from '../../subjects/index.js'

/**
 * A handle that refuses every use, except the few facts the definitions read
 * while being built (which runtime: the process one, as descriptions mention it).
 */
function unopened<T extends object>(what: string): T {
  const refuse = (): never => {
    throw new OperatorError(
      'internal',
      `${what} is not open: this catalogue is for reading, not running`,
      'open the subject to run actions',
    )
  }
  const only = (facts: Record<string, unknown>): object =>
    new Proxy(facts, { get: (target, prop) => (typeof prop === 'string' && prop in target ? target[prop] : refuse()) })
  return only({ runtime: only({ kind: 'process' }), run: only({ runtime: 'process' }), engine: undefined }) as T
}

export function catalogue(subjectName: string): ActionDefinition<unknown>[] {
  subjectModule(subjectName)
  const own = etcdActions(unopened<EtcdHandle>('the etcd handle'))
  const names = new Set(own.map((a) => a.name))
  const generic = [...genericActions({ getEngine: lazyEngine(), runId: 'catalogue' }), ...hostActionList({})]
  return [...own, ...generic.filter((a) => !names.has(a.name))]
}
