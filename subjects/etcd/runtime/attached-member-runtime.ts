/**
 * The member runtime of an attached cluster: Operator did not start its
 * members and cannot see their processes (`unknown`). Faults that need a
 * process are refused; a restart goes through the adapter chosen at attach
 * time — with `none` it is refused with the exact command a person should
 * run, which the agent's escalation carries.
 */
import { OperatorError } from '../../../src/core/errors.js'
import type { MemberRuntime } from './member-runtime.js'
import type { AttachedRunRecord } from './run-records.js'

/** What a person runs on the member's host to restart it. */
export function restartCommand(run: AttachedRunRecord, member: string): string {
  const unit = run.attach.units[member]
  if (unit !== undefined) return `systemctl restart ${unit}`
  const container = run.attach.containers[member]
  if (container !== undefined) return `docker restart ${container}`
  const url = run.members.find((m) => m.name === member)?.client_url ?? '?'
  return `restart the etcd member ${member} (${url}) on its host, e.g. systemctl restart etcd`
}

function noProcessControl(run: AttachedRunRecord, what: string): OperatorError {
  return new OperatorError(
    'usage',
    `${what} needs control of the member's process: run ${run.run_id} is attached, Operator did not start it`,
    'inject faults on a cluster Operator started (`operator cluster up`)',
  )
}

export function attachedMemberRuntime(run: AttachedRunRecord): MemberRuntime {
  const known = (member: string) => {
    if (!run.members.some((m) => m.name === member))
      throw new OperatorError(
        'usage',
        `"${member}" is not a member of run ${run.run_id}`,
        `use one of ${run.members.map((m) => m.name).join(', ')}`,
      )
  }
  return {
    kind: 'attached',
    async view(member) {
      known(member)
      return { process: 'unknown', pid: null }
    },
    kill: async () => Promise.reject(noProcessControl(run, 'kill')),
    pause: async () => Promise.reject(noProcessControl(run, 'pause')),
    resume: async () => Promise.reject(noProcessControl(run, 'resume')),
    partition: async () => Promise.reject(noProcessControl(run, 'partition')),
    heal: async () => Promise.reject(noProcessControl(run, 'heal')),
    async restart(member) {
      known(member)
      // The command is in the message itself: it is what the escalation's summary carries to a person.
      throw new OperatorError(
        'subject',
        `${member} of attached run ${run.run_id} runs outside Operator (runtime adapter ${run.attach.adapter}); a person restarts it: ${restartCommand(run, member)}`,
        `run that on the member's host, or attach with --runtime-adapter systemd|docker`,
      )
    },
    logTail: async () => '',
    logExcerpt: async () => [],
    forget: async () => undefined,
  }
}
