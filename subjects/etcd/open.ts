/**
 * Opens an etcd run for observation and action: one client per member, the
 * member runtime its record names (processes or containers), the observer,
 * checker, actions, faults and playbook, bound to that run.
 */
import { OperatorError } from '../../src/core/errors.js'
import type { FaultDefinition, Subject, SubjectDeps } from '../../src/core/subject.js'
import { etcdActions } from './actions/index.js'
import { attachConfigOf } from './attach.js'
import { readAttachSecurity } from './attach-client.js'
import { createEtcdChecker } from './checker.js'
import type { EtcdCheckerConfig } from './checker-config.js'
import { MemberClients } from './clients.js'
import { CALL_TIMEOUT_MS, SUBJECT_NAME } from './defaults.js'
import { etcdFaults } from './faults/index.js'
import type { EtcdHandle } from './handle.js'
import type { EtcdObservation } from './observation.js'
import { createObserver } from './observe.js'
import { etcdPlaybook } from './playbook.js'
import { etcdRiskFactors } from './risk-factors.js'
import { memberProcessState } from './runtime/cluster-status.js'
import { readRunRecord, resolveRunId } from './runtime/run-records.js'
import { findEngineOnce, memberRuntimeOf } from './runtime/runtime-of.js'
import { summarizeObservation } from './summarize.js'

/** An attached run's faults, each refused: it was attached without --allow-faults. */
function refuseFaults(faults: FaultDefinition[], runId: string): FaultDefinition[] {
  return faults.map((f) => ({
    ...f,
    inject: async () => {
      throw new OperatorError(
        'safety',
        `faults are refused on run ${runId}: it is attached, and was attached without --allow-faults`,
        `detach it and attach again with --allow-faults if faults on this cluster are intended`,
      )
    },
  }))
}

/** Optional tuning of an opened run. */
export interface OpenOptions {
  checker?: Partial<EtcdCheckerConfig>
  callTimeoutMs?: number
}

export async function openEtcd(
  home: string,
  runId: string | undefined,
  deps: SubjectDeps,
  options: OpenOptions = {},
): Promise<Subject<EtcdObservation>> {
  const id = resolveRunId(home, runId)
  const run = readRunRecord(home, id)
  // An attached cluster is reached with its credentials, read from their files now and kept only in memory.
  const security = run.runtime === 'attached' ? (await readAttachSecurity(attachConfigOf(run))).security : {}
  const clients = new MemberClients(run.members, options.callTimeoutMs ?? CALL_TIMEOUT_MS, security)
  const getEngine = findEngineOnce(run)
  const runtime = memberRuntimeOf(home, run, getEngine)
  const handle: EtcdHandle = {
    home,
    run_id: id,
    run,
    clients,
    runtime,
    log: deps.log,
    ...(run.runtime === 'docker' ? { engine: getEngine } : {}),
  }
  const observe = createObserver({
    runId: id,
    preferred: run.preferred,
    quotaBytes: run.quota_bytes,
    clients,
    // The process runtime answers from /proc at once; the docker runtime asks the engine.
    processState:
      run.runtime === 'process' ? (name) => memberProcessState(home, id, name) : (name) => runtime.view(name),
    ...(run.runtime === 'docker' ? { peerNetwork: run.docker.peer_network } : {}),
    clock: deps.clock,
    log: deps.log,
  })
  return {
    name: SUBJECT_NAME,
    run_id: id,
    observe,
    checker: createEtcdChecker(options.checker),
    actions: etcdActions(handle),
    faults:
      run.runtime === 'attached' && !run.attach.allow_faults
        ? refuseFaults(etcdFaults(handle), id)
        : etcdFaults(handle),
    playbook: etcdPlaybook,
    summarize: summarizeObservation,
    riskFactors: etcdRiskFactors,
    logTail: async (member, lines) => {
      const names = run.members.map((m) => m.name)
      if (!names.includes(member)) throw new OperatorError('usage', `no member ${member}`, `one of ${names.join(', ')}`)
      return (await runtime.logExcerpt(member, 0)).slice(-lines)
    },
    close: async () => clients.close(),
  }
}
