import { BrokenCircuitError } from 'cockatiel'
import { GRPCDeadlineExceededError, GRPCInternalError, GRPCResourceExhastedError, GRPCUnavailableError } from 'etcd3'
import { describe, expect, it } from 'vitest'
import { WORKLOAD_KEY_COUNT, workloadErrorKind, workloadKey } from './workload.js'

describe('etcd workload', () => {
  it('writes a bounded set of keys whatever the op number', () => {
    const keys = new Set(Array.from({ length: 10_000 }, (_, seq) => workloadKey(seq)))
    expect(keys.size).toBe(WORKLOAD_KEY_COUNT)
    expect(workloadKey(0)).toBe('operator/workload/0')
    expect(workloadKey(WORKLOAD_KEY_COUNT + 5)).toBe('operator/workload/5')
  })

  it('classifies client errors by their typed class', () => {
    expect(workloadErrorKind(new GRPCDeadlineExceededError('4 DEADLINE_EXCEEDED'))).toBe('deadline')
    expect(workloadErrorKind(new GRPCUnavailableError('14 UNAVAILABLE: No connection established'))).toBe('unavailable')
    expect(workloadErrorKind(new BrokenCircuitError())).toBe('unavailable')
    expect(workloadErrorKind(new GRPCResourceExhastedError('etcdserver: mvcc: database space exceeded'))).toBe(
      'nospace',
    )
    expect(workloadErrorKind(new GRPCInternalError('deadline in the text is not a deadline'))).toBe('other')
    expect(workloadErrorKind(new Error('unavailable'))).toBe('other')
  })
})
