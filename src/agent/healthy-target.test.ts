import { describe, expect, it } from 'vitest'
import type { Subject, Violation } from '../core/subject.js'
import { healthyTarget } from './healthy-target.js'

const v = (key: string, target: string | null): Violation => ({
  invariant: key.split(':')[0] ?? key,
  key,
  severity: 'critical',
  target,
  message: key,
  evidence: {},
})

const subjectWith = (present: Violation[]) => ({ checker: { evaluate: () => present } }) as unknown as Subject

describe('a plan acts only on what is broken', () => {
  const crash = subjectWith([v('members_healthy:m2', 'm2')])

  it('refuses an action on a member no violation names, for a ticket about one member', () => {
    expect(healthyTarget(crash, 'members_healthy:m2', { member: 'm1' }, {})).toMatch(/^m1 is healthy/)
    expect(healthyTarget(crash, 'members_healthy:m2', { member: 'm2' }, {})).toBeNull()
  })

  it('lets a plan act on any member the current violations name, and on none when it names no member', () => {
    const two = subjectWith([v('members_healthy:m2', 'm2'), v('members_healthy:m3', 'm3')])
    expect(healthyTarget(two, 'members_healthy:m2', { member: 'm3' }, {})).toBeNull()
    expect(healthyTarget(crash, 'members_healthy:m2', { to: 'm1' }, {})).toBeNull()
  })

  it('lets a ticket about the cluster act on every member: an alarm one member raised, a missing leader', () => {
    const alarm = subjectWith([v('no_alarm:NOSPACE', 'm1')])
    alarm.checker.evaluate = () => [{ ...v('no_alarm:NOSPACE', 'm1'), invariant: 'no_alarm' }]
    expect(healthyTarget(alarm, 'no_alarm:NOSPACE', { member: 'm3' }, {})).toBeNull()
    const leaderless = subjectWith([v('leader_exists', null)])
    expect(healthyTarget(leaderless, 'leader_exists', { member: 'm2' }, {})).toBeNull()
  })
})
