/**
 * The member runtime of an attached cluster: Operator did not start its
 * members. A member the runtime adapter drives (a container named with
 * --member-container for `docker`, a unit with --member-unit for `systemd`)
 * is seen and restarted through it; every other member's process is not
 * Operator's to see (`unknown`) and its restart is refused with the exact
 * command a person should run, which the agent's escalation carries. Faults
 * that need a process are refused, except those the adapter can inject.
 */
import { OperatorError } from '../../../src/core/errors.js'
import type { AdapterControl } from './attached/adapter.js'
import type { MemberOpResult, MemberRuntime } from './member-runtime.js'
import type { AttachedRunRecord } from './run-records.js'

/** The example command for a member nothing names: in the adapter's own terms. */
const EXAMPLE: Record<AttachedRunRecord['attach']['adapter'], string> = {
  none: 'systemctl restart etcd',
  docker: 'docker restart <its container>',
  systemd: 'systemctl restart <its unit>',
}

/** What a person runs on the member's host to restart it. */
export function restartCommand(run: AttachedRunRecord, member: string): string {
  const unit = run.attach.units[member]
  if (unit !== undefined) return `systemctl restart ${unit}`
  const container = run.attach.containers[member]
  if (container !== undefined) return `docker restart ${container}`
  const url = run.members.find((m) => m.name === member)?.client_url ?? '?'
  return `restart the etcd member ${member} (${url}) on its host, e.g. ${EXAMPLE[run.attach.adapter]}`
}

/** Why the adapter does not act on this member, for a refusal. */
function notDriven(run: AttachedRunRecord, member: string): string {
  const { adapter } = run.attach
  if (adapter === 'docker') return `runtime adapter docker, no --member-container for ${member}`
  if (adapter === 'systemd') return `runtime adapter systemd, no --member-unit for ${member}`
  return 'runtime adapter none'
}

function noProcessControl(run: AttachedRunRecord, what: string, member: string, adapter: AdapterControl | null) {
  if (adapter?.drives(member))
    return new OperatorError(
      'usage',
      `${what} is not done through the ${adapter.kind} adapter of attached run ${run.run_id}`,
      'inject it on a cluster Operator started (`operator cluster up --runtime docker`)',
    )
  return new OperatorError(
    'usage',
    `${what} needs control of the member's process: run ${run.run_id} is attached, Operator did not start it (${notDriven(run, member)})`,
    'inject faults on a cluster Operator started (`operator cluster up`), or attach with --runtime-adapter docker --member-container',
  )
}

export function attachedMemberRuntime(run: AttachedRunRecord, adapter: AdapterControl | null = null): MemberRuntime {
  const known = (member: string) => {
    if (!run.members.some((m) => m.name === member))
      throw new OperatorError(
        'usage',
        `"${member}" is not a member of run ${run.run_id}`,
        `use one of ${run.members.map((m) => m.name).join(', ')}`,
      )
  }
  /** The adapter, when it drives this (known) member. */
  const driving = (member: string): AdapterControl | null => {
    known(member)
    return adapter?.drives(member) ? adapter : null
  }
  const fault =
    (what: 'kill' | 'pause' | 'resume') =>
    async (member: string): Promise<MemberOpResult> => {
      const op = driving(member)?.faults[what]
      if (op === undefined) throw noProcessControl(run, what, member, adapter)
      return op(member)
    }
  const refused = (what: string) => async (member: string) =>
    Promise.reject(noProcessControl(run, what, member, adapter))

  return {
    kind: 'attached',
    async view(member) {
      return (await driving(member)?.view(member)) ?? { process: 'unknown', pid: null }
    },
    kill: fault('kill'),
    pause: fault('pause'),
    resume: fault('resume'),
    partition: refused('partition'),
    heal: refused('heal'),
    async restart(member, clock, signal) {
      const through = driving(member)
      if (through !== null) return through.restart(member, clock, signal)
      // The command is in the message itself: it is what the escalation's summary carries to a person.
      throw new OperatorError(
        'subject',
        `${member} of attached run ${run.run_id} runs outside Operator (${notDriven(run, member)}); a person restarts it: ${restartCommand(run, member)}`,
        `run that on the member's host, or attach with --runtime-adapter systemd|docker naming its unit or container`,
      )
    },
    logTail: async (member) => (await driving(member)?.logTail(member)) ?? '',
    logExcerpt: async (member, since) => (await driving(member)?.logExcerpt(member, since)) ?? [],
    forget: async () => undefined,
  }
}
