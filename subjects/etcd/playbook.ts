/**
 * The etcd playbook: for each violation, remediation candidates ranked best
 * first. Pure: it reads the violation and the observation, nothing else.
 * Leader churn and corruption get no candidates: a person decides. On the
 * docker runtime a member cut off the peer network is reconnected first
 * (docker_network_connect), restarted only if that does not help. Which
 * violations are roots and which are consequences is triage.ts. When the
 * agent gives up, `advise` tells a person what to consider (advice.ts).
 */
import type { Candidate, Playbook, Violation } from '../../src/core/subject.js'
import { etcdAdvice } from './advice.js'
import type { EtcdObservation, MemberObservation } from './observation.js'
import { isPartitioned, isUp } from './observation.js'
import { etcdTriage } from './triage.js'

function member(obs: EtcdObservation, name: string | null): MemberObservation | undefined {
  return obs.members.find((m) => m.name === name)
}

/** Why restarting this member should help, from what its process (or container) is doing. */
function restartReason(m: MemberObservation): string {
  if (m.container !== undefined) {
    if (m.process === 'exited') return `${m.name}'s container ${m.container} has exited (crashed or killed): restart it`
    if (m.process === 'paused')
      return `${m.name}'s container ${m.container} is paused (docker pause) and answers nothing: restarting it unpauses it and resumes service`
  }
  if (m.process === 'exited') return `${m.name}'s process has exited (crashed or killed): restart it from its data dir`
  if (m.process === 'paused')
    return `${m.name}'s process is stopped (SIGSTOP) and answers nothing: restarting it resumes service`
  if (m.process === 'unknown')
    return `${m.name} is ${m.state} and its process is not Operator's to see (an attached cluster): restart it`
  if (m.state === 'up')
    return `${m.name} runs and answers status but fails linearizable reads: a restart makes it rejoin the cluster`
  return `${m.name}'s process runs but the member is ${m.state}: a restart brings it back`
}

/**
 * Whether the members that can take part, with this one back, still fall
 * short of a quorum: etcd serves clients only once a quorum has it, so its
 * restart can only wait for it to run; the next root's restart brings service.
 */
function waitsForQuorum(m: MemberObservation, obs: EtcdObservation): boolean {
  const running = (x: MemberObservation) => x.process === 'running' || (x.process === 'unknown' && x.state === 'up')
  const others = obs.members.filter((x) => x.name !== m.name && running(x) && !isPartitioned(x, obs))
  return others.length + 1 < Math.floor(obs.members.length / 2) + 1
}

function restart(m: MemberObservation, obs: EtcdObservation, score: number, rationale = restartReason(m)): Candidate {
  const waits = waitsForQuorum(m, obs)
  return {
    steps: [{ action: 'restart_member', params: waits ? { member: m.name, until: 'running' } : { member: m.name } }],
    rationale: waits
      ? `${rationale}; it cannot serve before more members are back, so wait only for it to run`
      : rationale,
    evidence: { member: m.name, state: m.state, process: m.process, ...(waits ? { waits_for_quorum: true } : {}) },
    score,
  }
}

/**
 * Docker runtime: put a partitioned member (container running, but not on
 * the peer network) back on the peer network.
 */
function reconnect(m: MemberObservation, obs: EtcdObservation, score: number, why: string): Candidate[] {
  if (m.container === undefined || obs.peer_network === undefined) return []
  const problem = `${m.name}'s container ${m.container} runs but is not on the peer network ${obs.peer_network}`
  return [
    {
      steps: [{ action: 'docker_network_connect', params: { container: m.container, network: obs.peer_network } }],
      rationale: `${why}: ${problem}, so it cannot reach its peers; reconnect it`,
      evidence: {
        member: m.name,
        state: m.state,
        process: m.process,
        container: m.container,
        networks: m.networks ?? [],
        peer_network: obs.peer_network,
      },
      score,
    },
  ]
}

function membersHealthy(v: Violation, obs: EtcdObservation): Candidate[] {
  const m = member(obs, v.target)
  if (m === undefined) return []
  if (isPartitioned(m, obs)) {
    const why =
      m.state === 'up'
        ? `${m.name} answers its clients but fails linearizable reads (no leader from its side)`
        : `${m.name} is ${m.state}`
    return [
      ...reconnect(m, obs, 85, why),
      restart(
        m,
        obs,
        80,
        `${m.name} is cut off the peer network: restarting its container puts it back on the peer network and makes it rejoin`,
      ),
    ]
  }
  return [restart(m, obs, 80)]
}

/**
 * No leader: bring back the members that cannot take part, partitioned ones
 * first (reconnected, not restarted), then those whose process is gone or stopped.
 */
function leaderExists(obs: EtcdObservation): Candidate[] {
  const scoreOf = (m: MemberObservation) => (m.process === 'exited' ? 70 : m.process === 'paused' ? 65 : 50)
  const partitioned = obs.members.filter((m) => isPartitioned(m, obs))
  const reconnects = partitioned.flatMap((m) =>
    reconnect(m, obs, 75, `no leader while ${m.name} is cut off; quorum needs it back`),
  )
  const restarts = obs.members
    .filter((m) => m.state !== 'up' || isPartitioned(m, obs))
    .map((m) =>
      restart(
        m,
        obs,
        scoreOf(m),
        `no leader while ${m.name} is ${isPartitioned(m, obs) ? 'cut off the peer network' : m.state}: ${restartReason(m)}; quorum needs it back`,
      ),
    )
  return [...reconnects, ...restarts].sort((a, b) => b.score - a.score)
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
      rationale:
        'the backend hit its quota: compact old revisions, defragment each up member to return the space, then disarm NOSPACE',
      evidence: {
        alarms: obs.alarms,
        db_sizes: Object.fromEntries(obs.members.filter(isUp).map((m) => [m.name, m.db_size])),
        quota_bytes: obs.quota_bytes,
      },
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
  return [
    restart(
      m,
      obs,
      20,
      `${m.name} falls behind in applying entries; a restart makes it catch up from the leader (only if the lag persists)`,
    ),
  ]
}

export const etcdPlaybook: Playbook<EtcdObservation> = {
  triage: etcdTriage,
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
  advise: etcdAdvice,
}
