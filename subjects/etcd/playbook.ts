/**
 * The etcd playbook: for each violation, remediation candidates ranked best
 * first. Pure: it reads the violation and the observation, nothing else.
 * Leader churn and corruption get no candidates: a person decides.
 */
import type { Candidate, Playbook, Violation } from '../../src/core/subject.js'
import type { EtcdObservation, MemberObservation } from './observation.js'
import { isUp } from './observation.js'

function member(obs: EtcdObservation, name: string | null): MemberObservation | undefined {
  return obs.members.find((m) => m.name === name)
}

/** Why restarting this member should help, from what its process is doing. */
function restartReason(m: MemberObservation): string {
  if (m.process === 'exited') return `${m.name}'s process has exited (crashed or killed): restart it from its data dir`
  if (m.process === 'paused') return `${m.name}'s process is stopped (SIGSTOP) and answers nothing: restarting it resumes service`
  if (m.state === 'up') return `${m.name} runs and answers status but fails linearizable reads: a restart makes it rejoin the cluster`
  return `${m.name}'s process runs but the member is ${m.state}: a restart brings it back`
}

function restart(m: MemberObservation, score: number, rationale = restartReason(m)): Candidate {
  return {
    steps: [{ action: 'restart_member', params: { member: m.name } }],
    rationale,
    evidence: { member: m.name, state: m.state, process: m.process },
    score,
  }
}

function membersHealthy(v: Violation, obs: EtcdObservation): Candidate[] {
  const m = member(obs, v.target)
  if (m === undefined) return []
  return [restart(m, 80)]
}

/** No leader: bring back the members that are not up, those whose process is gone or stopped first. */
function leaderExists(obs: EtcdObservation): Candidate[] {
  const scoreOf = (m: MemberObservation) => (m.process === 'exited' ? 70 : m.process === 'paused' ? 65 : 50)
  return obs.members
    .filter((m) => m.state !== 'up')
    .map((m) => restart(m, scoreOf(m), `no leader while ${m.name} is ${m.state}: ${restartReason(m)}; quorum needs it back`))
    .sort((a, b) => b.score - a.score)
}

function noSpace(obs: EtcdObservation): Candidate[] {
  const up = obs.members.filter(isUp).map((m) => m.name)
  return [
    {
      steps: [
        { action: 'compact_revisions', params: {} },
        ...up.map((name) => ({ action: 'defragment_member', params: { member: name } })),
        { action: 'disarm_alarm', params: { alarm: 'NOSPACE' } },
      ],
      rationale: 'the backend hit its quota: compact old revisions, defragment each up member to return the space, then disarm NOSPACE',
      evidence: { alarms: obs.alarms, db_sizes: Object.fromEntries(obs.members.filter(isUp).map((m) => [m.name, m.db_size])), quota_bytes: obs.quota_bytes },
      score: 90,
    },
  ]
}

function dbSize(v: Violation, obs: EtcdObservation): Candidate[] {
  const m = member(obs, v.target)
  if (m === undefined) return []
  return [
    {
      steps: [
        { action: 'compact_revisions', params: {} },
        { action: 'defragment_member', params: { member: m.name } },
      ],
      rationale: `${m.name}'s backend is close to the quota: compact old revisions and defragment it to shrink the file`,
      evidence: v.evidence,
      score: 60,
    },
  ]
}

function leaderPreferred(obs: EtcdObservation): Candidate[] {
  return [
    {
      steps: [{ action: 'transfer_leader', params: { to: obs.preferred } }],
      rationale: `the leader is ${obs.leader?.name ?? 'elsewhere'}; move it back to the preferred ${obs.preferred}, which is up and healthy`,
      evidence: { leader: obs.leader, preferred: obs.preferred },
      score: 70,
    },
  ]
}

function appliedLag(v: Violation, obs: EtcdObservation): Candidate[] {
  const m = member(obs, v.target)
  if (m === undefined) return []
  return [restart(m, 20, `${m.name} falls behind in applying entries; a restart makes it catch up from the leader (only if the lag persists)`)]
}

export const etcdPlaybook: Playbook<EtcdObservation> = {
  candidates(violation, obs) {
    switch (violation.invariant) {
      case 'members_healthy':
        return membersHealthy(violation, obs)
      case 'leader_exists':
        return leaderExists(obs)
      case 'no_alarm':
        return violation.key === 'no_alarm:NOSPACE' ? noSpace(obs) : []
      case 'db_size':
        return dbSize(violation, obs)
      case 'leader_preferred':
        return leaderPreferred(obs)
      case 'applied_lag':
        return appliedLag(violation, obs)
      default:
        return []
    }
  },
}
