import { describe, expect, it } from 'vitest'
import type { CheckContext, Violation } from '../../src/core/subject.js'
import {
  createObservation,
  downMember,
  leaderlessMembers,
  memberId,
  membersLedBy,
  T0,
  unresponsiveMember,
  upMember,
} from '../../test/fixtures/etcd-observation.js'
import { createEtcdChecker } from './checker.js'
import type { EtcdObservation } from './observation.js'

const none: CheckContext = { operatorChanges: [] }
const keys = (vs: Violation[]) => vs.map((v) => v.key).sort()

/** Feeds observations taken at the given offsets from T0; returns what the last check raised. */
function runChecks(
  checker: ReturnType<typeof createEtcdChecker>,
  steps: [number, EtcdObservation][],
  ctx: CheckContext = none,
): Violation[][] {
  return steps.map(([offset, obs]) => checker.check({ ...obs, at: T0 + offset }, ctx))
}

describe('evaluate', () => {
  it('finds nothing wrong with a healthy cluster led by the preferred member', () => {
    expect(createEtcdChecker().evaluate(createObservation())).toEqual([])
  })

  it('raises leader_exists when the members agree on no leader', () => {
    const [v] = createEtcdChecker().evaluate(createObservation({ members: leaderlessMembers() }))
    expect(v).toMatchObject({ invariant: 'leader_exists', key: 'leader_exists', severity: 'critical', target: null })
  })

  it('raises members_healthy for a killed member with its state, process and error as evidence', () => {
    const vs = createEtcdChecker().evaluate(
      createObservation({ members: [upMember('m1'), downMember('m2'), upMember('m3')] }),
    )
    expect(vs).toHaveLength(1)
    expect(vs[0]).toMatchObject({
      invariant: 'members_healthy',
      key: 'members_healthy:m2',
      severity: 'critical',
      target: 'm2',
      evidence: { state: 'down', process: 'exited', error: expect.stringContaining('UNAVAILABLE') },
    })
  })

  it('raises members_healthy for a member that answers status but fails linearizable reads', () => {
    const vs = createEtcdChecker().evaluate(
      createObservation({
        members: [
          upMember('m1'),
          upMember('m2', { healthy: false, health_error: 'deadline exceeded' }),
          upMember('m3'),
        ],
      }),
    )
    expect(vs[0]).toMatchObject({
      key: 'members_healthy:m2',
      evidence: { state: 'up', healthy: false, error: 'deadline exceeded' },
    })
  })

  it('raises applied_lag for a member that applies far behind the highest raft index', () => {
    const members = [
      upMember('m1', { raft_index: 5000, raft_applied_index: 5000 }),
      upMember('m2', { raft_index: 5000, raft_applied_index: 3500 }),
      upMember('m3', { raft_index: 4990, raft_applied_index: 4990 }),
    ]
    const vs = createEtcdChecker().evaluate(createObservation({ members }))
    expect(keys(vs)).toEqual(['applied_lag:m2'])
    expect(vs[0]).toMatchObject({ severity: 'warning', target: 'm2', evidence: { lag: 1500, max_raft_index: 5000 } })
  })

  it('raises one no_alarm violation per alarm type naming every member that raised it', () => {
    const obs = createObservation({
      alarms: [
        { member_id: memberId('m1'), member_name: 'm1', alarm: 'NOSPACE' },
        { member_id: memberId('m2'), member_name: 'm2', alarm: 'NOSPACE' },
      ],
    })
    const vs = createEtcdChecker().evaluate(obs)
    expect(vs).toHaveLength(1)
    expect(vs[0]).toMatchObject({
      invariant: 'no_alarm',
      key: 'no_alarm:NOSPACE',
      severity: 'critical',
      target: 'm1,m2',
      evidence: {
        alarm: 'NOSPACE',
        members: [
          { name: 'm1', member_id: memberId('m1') },
          { name: 'm2', member_id: memberId('m2') },
        ],
      },
    })
  })

  it('raises db_size for each member above the fraction of the quota', () => {
    const quota = 16 * 1024 * 1024
    const members = [
      upMember('m1', { db_size: quota * 0.9 }),
      upMember('m2', { db_size: quota * 0.79 }),
      upMember('m3', { db_size: quota * 0.85 }),
    ]
    const vs = createEtcdChecker().evaluate(createObservation({ members, quota_bytes: quota }))
    expect(keys(vs)).toEqual(['db_size:m1', 'db_size:m3'])
    expect(vs[0]).toMatchObject({ severity: 'warning', evidence: { quota_bytes: quota, fraction: 0.8 } })
  })

  it('honours a configured db size fraction', () => {
    const obs = createObservation({ members: [upMember('m1', { db_size: 9_000_000 }), upMember('m2'), upMember('m3')] })
    expect(
      createEtcdChecker({ dbSizeFraction: 0.5 })
        .evaluate(obs)
        .map((v) => v.key),
    ).toEqual(['db_size:m1'])
  })

  it('raises leader_preferred when the leader is elsewhere and the preferred member is up and healthy', () => {
    const [v] = createEtcdChecker().evaluate(createObservation({ members: membersLedBy('m2') }))
    expect(v).toMatchObject({
      invariant: 'leader_preferred',
      key: 'leader_preferred',
      severity: 'warning',
      target: 'm1',
      evidence: { leader: 'm2', preferred: 'm1' },
    })
  })

  it('does not raise leader_preferred when the preferred member cannot lead', () => {
    const members = [
      downMember('m1'),
      upMember('m2', { leader_id: memberId('m2') }),
      upMember('m3', { leader_id: memberId('m2') }),
    ]
    expect(keys(createEtcdChecker().evaluate(createObservation({ members })))).toEqual(['members_healthy:m1'])
  })
})

describe('check', () => {
  it('raises nothing for an election that completes within the grace', () => {
    const checker = createEtcdChecker()
    const raised = runChecks(checker, [
      [0, createObservation()],
      [1000, createObservation({ members: leaderlessMembers() })],
      [2000, createObservation({ members: leaderlessMembers() })],
      [3500, createObservation({ members: leaderlessMembers() })],
      [4000, createObservation({ members: membersLedBy('m1') })],
    ])
    expect(raised.flat()).toEqual([])
  })

  it('raises leader_exists once the cluster has had no leader for longer than the grace', () => {
    const checker = createEtcdChecker()
    const raised = runChecks(checker, [
      [0, createObservation({ members: leaderlessMembers() })],
      [3000, createObservation({ members: leaderlessMembers() })],
      [3001, createObservation({ members: leaderlessMembers() })],
    ])
    expect(raised[1]).toEqual([])
    expect(raised[2]?.[0]).toMatchObject({
      key: 'leader_exists',
      evidence: { since: T0, for_ms: 3001, grace_ms: 3000 },
    })
  })

  it('starts the grace again after the condition clears', () => {
    const checker = createEtcdChecker()
    const raised = runChecks(checker, [
      [0, createObservation({ members: leaderlessMembers() })],
      [2500, createObservation()],
      [3000, createObservation({ members: leaderlessMembers() })],
      [5000, createObservation({ members: leaderlessMembers() })],
    ])
    expect(raised.flat()).toEqual([])
  })

  it('raises members_healthy for a paused, unresponsive member only after the member grace', () => {
    const paused = createObservation({ members: [upMember('m1'), upMember('m2'), unresponsiveMember('m3')] })
    const raised = runChecks(createEtcdChecker(), [
      [0, paused],
      [1000, paused],
      [2000, paused],
    ])
    expect(raised[0]).toEqual([])
    expect(raised[1]).toEqual([])
    expect(raised[2]).toHaveLength(1)
    expect(raised[2]?.[0]).toMatchObject({
      key: 'members_healthy:m3',
      evidence: { state: 'unresponsive', process: 'paused' },
    })
  })

  it('raises members_healthy at once for a member whose process is gone: definitive evidence needs no grace', () => {
    const raised = runChecks(createEtcdChecker(), [
      [0, createObservation({ members: [upMember('m1'), downMember('m2', { process: 'exited' }), upMember('m3')] })],
    ])
    expect(raised[0]).toEqual([
      expect.objectContaining({
        key: 'members_healthy:m2',
        evidence: expect.not.objectContaining({ grace_ms: expect.anything() }),
      }),
    ])
  })

  it('does not raise members_healthy for a member that blips for one poll', () => {
    const raised = runChecks(createEtcdChecker(), [
      [0, createObservation({ members: [upMember('m1'), downMember('m2', { process: 'running' }), upMember('m3')] })],
      [1000, createObservation()],
    ])
    expect(raised.flat()).toEqual([])
  })

  it('raises leader_preferred only after its grace', () => {
    const away = createObservation({ members: membersLedBy('m2') })
    const raised = runChecks(createEtcdChecker(), [
      [0, away],
      [1000, away],
      [1001, away],
    ])
    expect(raised[1]).toEqual([])
    expect(keys(raised[2] ?? [])).toEqual(['leader_preferred'])
  })

  it('raises db_size only once the db has stayed above the fraction for longer than its grace', () => {
    const big = createObservation({
      members: [upMember('m1', { db_size: 15_000_000 }), upMember('m2'), upMember('m3')],
      quota_bytes: 16 * 1024 * 1024,
    })
    const raised = runChecks(createEtcdChecker(), [
      [0, big],
      [5000, big],
      [5001, big],
    ])
    expect(raised[1]).toEqual([])
    expect(raised[2]?.[0]).toMatchObject({ key: 'db_size:m1', evidence: { grace_ms: 5000 } })
  })

  it('leaves a full db to the NOSPACE alarm once it is raised: one problem, one ticket', () => {
    const quota = 16 * 1024 * 1024
    const alarms = [{ member_id: memberId('m1'), member_name: 'm1', alarm: 'NOSPACE' as const }]
    const obs = createObservation({
      members: [upMember('m1', { db_size: quota + 1 }), upMember('m2'), upMember('m3')],
      quota_bytes: quota,
      alarms,
    })
    expect(keys(createEtcdChecker().evaluate(obs))).toEqual(['no_alarm:NOSPACE'])
    expect(keys(createEtcdChecker().evaluate({ ...obs, alarms: [] }))).toEqual(['db_size:m1'])
  })

  it('raises no_alarm at once, without grace', () => {
    const obs = createObservation({ alarms: [{ member_id: memberId('m1'), member_name: 'm1', alarm: 'NOSPACE' }] })
    expect(keys(createEtcdChecker().check(obs, none))).toEqual(['no_alarm:NOSPACE'])
  })

  it('raises leader_churn when the leader changes more often than the bound within the window', () => {
    const sequence = ['m1', 'm2', 'm3', 'm1', 'm2']
    const raised = runChecks(
      createEtcdChecker({ preferredGraceMs: 60_000 }),
      sequence.map(
        (leader, i) =>
          [i * 5000, createObservation({ members: membersLedBy(leader, 2 + i) })] as [number, EtcdObservation],
      ),
    )
    expect(raised[3]).toEqual([])
    const churn = raised[4]?.find((v) => v.invariant === 'leader_churn')
    expect(churn).toMatchObject({
      key: 'leader_churn',
      severity: 'warning',
      target: null,
      evidence: { max_changes: 3 },
    })
    expect(churn?.evidence.changes).toHaveLength(4)
  })

  it('does not count leader changes made by the operator as churn', () => {
    const sequence = ['m1', 'm2', 'm3', 'm1', 'm2']
    const steps = sequence.map(
      (leader, i) =>
        [i * 5000, createObservation({ members: membersLedBy(leader, 2 + i) })] as [number, EtcdObservation],
    )
    // The operator moved the leader just before the first change was observed.
    const raised = runChecks(createEtcdChecker({ preferredGraceMs: 60_000, operatorChangeGraceMs: 2000 }), steps, {
      operatorChanges: [T0 + 4500],
    })
    expect(raised.flat().filter((v) => v.invariant === 'leader_churn')).toEqual([])
  })

  it("counts a change as the operator's even when the operator recorded it after it was observed", () => {
    const sequence = ['m1', 'm2', 'm3', 'm1', 'm2', 'm3', 'm1']
    const steps = sequence.map(
      (leader, i) =>
        [i * 5000, createObservation({ members: membersLedBy(leader, 2 + i) })] as [number, EtcdObservation],
    )
    const raised = runChecks(createEtcdChecker({ preferredGraceMs: 60_000, operatorChangeGraceMs: 2000 }), steps, {
      operatorChanges: [T0 + 5500, T0 + 10_500],
    })
    const churn = raised.at(-1)?.find((v) => v.invariant === 'leader_churn')
    expect(churn?.evidence).toMatchObject({ excluded_operator_changes: 2 })
    expect(
      raised
        .slice(0, -1)
        .flat()
        .filter((v) => v.invariant === 'leader_churn'),
    ).toEqual([])
  })

  it('forgets leader changes older than the churn window', () => {
    const sequence = ['m1', 'm2', 'm3', 'm1', 'm2']
    const steps = sequence.map(
      (leader, i) =>
        [i * 30_000, createObservation({ members: membersLedBy(leader, 2 + i) })] as [number, EtcdObservation],
    )
    const raised = runChecks(createEtcdChecker({ preferredGraceMs: 600_000 }), steps)
    expect(raised.flat().filter((v) => v.invariant === 'leader_churn')).toEqual([])
  })

  it('does not count a loss and return of the same leader as a change', () => {
    const steps: [number, EtcdObservation][] = []
    for (let i = 0; i < 10; i++)
      steps.push([i * 1000, createObservation({ members: i % 2 === 0 ? membersLedBy('m1') : leaderlessMembers() })])
    expect(
      runChecks(createEtcdChecker(), steps)
        .flat()
        .filter((v) => v.invariant === 'leader_churn'),
    ).toEqual([])
  })
})
