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

function unopened<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get() {
      throw new OperatorError('internal', `${what} is not open: this catalogue is for reading, not running`, 'open the subject to run actions')
    },
  })
}

export function catalogue(subjectName: string): ActionDefinition<unknown>[] {
  subjectModule(subjectName)
  const own = etcdActions(unopened<EtcdHandle>('the etcd handle'))
  const names = new Set(own.map((a) => a.name))
  const generic = [...genericActions({ getEngine: lazyEngine(), runId: 'catalogue' }), ...hostActionList({})]
  return [...own, ...generic.filter((a) => !names.has(a.name))]
}
