import { describe, expect, it } from 'vitest'
import type { FailedAttempt } from '../../src/core/subject.js'
import { createViolation } from '../../test/fixtures/temp-store.js'
import { etcdPlaybook } from './playbook.js'

const violation = createViolation()

function restartFailed(details: Record<string, unknown>): FailedAttempt {
  return {
    proposal_id: 'P-1',
    action: 'restart_member',
    params: { member: 'm2' },
    outcome: 'failed',
    summary: 'm2 did not stay up after the restart',
    error: 'm2 exited as it started',
    details: { member: 'm2', log_file: '/h/runs/r/logs/m2.log', data_dir: '/h/runs/r/m2', ...details },
  }
}

const advise = (failures: FailedAttempt[]) => etcdPlaybook.advise?.(violation, failures) ?? null

describe('etcd advice for a person after failed attempts', () => {
  it('says another process holds the address, how to find it, and to restart again', () => {
    expect(advise([restartFailed({ cause: 'address_in_use', address: '127.0.0.1:40001' })])).toBe(
      "another process holds m2's address 127.0.0.1:40001: find it with `ss -ltnp 'sport = :40001'`; " +
        'stop it or move it, then run restart_member m2 again',
    )
  })

  it('says to replace the member or restore its data dir when the data dir is lost or corrupt', () => {
    const advice = advise([restartFailed({ cause: 'data_dir' })])
    expect(advice).toMatch(/^m2's data dir is lost or corrupt: replace the member/)
    expect(advice).toMatch(/etcdctl member remove.*etcdctl member add m2.*restore its data dir/)
  })

  it('points at the log when the cause is unknown, and has nothing to add for other failures', () => {
    expect(advise([restartFailed({ cause: 'unknown' })])).toMatch(/read its log \(\/h\/runs\/r\/logs\/m2\.log\)/)
    expect(advise([{ ...restartFailed({}), details: {} }])).toBeNull()
    expect(advise([{ ...restartFailed({ cause: 'data_dir' }), action: 'transfer_leader' }])).toBeNull()
    expect(advise([])).toBeNull()
  })
})
