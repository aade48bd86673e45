/**
 * Faults asked for from another host (`operator fault … --run R` where R
 * runs here): the monitor of this host takes each request of its run between
 * polls and injects it, unless the kill switch holds the run (faults stop at
 * the kill switch), and records what it did for the asker to read.
 */

import type { Clock } from '../core/clock.js'
import { errorMessage } from '../core/errors.js'
import { parseTarget } from '../core/fault-target.js'
import { operatorHost } from '../core/host.js'
import type { Subject } from '../core/subject.js'
import type { Logger } from '../log/logger.js'
import type { Store } from '../store/store.js'

interface FaultDeps {
  subject: Subject
  store: Store
  clock: Clock
  logger: Logger
  signal: AbortSignal
}

export async function serveFaultRequests(d: FaultDeps): Promise<void> {
  const { subject, store, logger } = d
  const request = store.takeFault(subject.run_id, `monitor@${operatorHost()}`)
  if (!request) return
  const actor = request.requested_by
  const refuse = (why: string) => {
    store.finishFault(request.id, 'refused', { fault: request.fault, error: why }, actor)
    logger.warn({ event: 'fault.refused', request_id: request.id, fault: request.fault }, why)
  }
  if (store.modes(subject.run_id).kill_latched) return refuse('the kill switch is latched: faults stop at it')
  const fault = subject.faults.find((f) => f.name === request.fault)
  if (!fault) return refuse(`unknown fault "${request.fault}" for ${subject.name}`)
  try {
    const target = parseTarget(request.target ?? undefined)
    if (fault.targeted && target.kind === 'none') return refuse(`fault ${fault.name} needs a target`)
    const result = await fault.inject(target, { signal: d.signal, clock: d.clock, log: () => undefined })
    store.finishFault(request.id, 'done', { ...result, host: operatorHost() }, actor)
    logger.warn({ event: 'fault.injected', request_id: request.id, fault: fault.name, by: actor }, result.summary)
  } catch (err) {
    store.finishFault(request.id, 'failed', { fault: request.fault, error: errorMessage(err) }, actor)
    logger.error({ event: 'fault.failed', request_id: request.id, fault: request.fault }, errorMessage(err))
  }
}
