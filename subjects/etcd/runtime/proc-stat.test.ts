import { describe, expect, it } from 'vitest'
import { parseProcStat, readProcStat, recordedProcessState, stateFromStat } from './proc-stat.js'

const line = (comm: string, state: string, start: number) =>
  `4242 (${comm}) ${state} 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 12 0 ${start} 11010048 2500 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0`

describe('parseProcStat', () => {
  it('reads the state and the start time (field 22)', () => {
    expect(parseProcStat(line('etcd', 'S', 987654))).toEqual({ state: 'S', startTime: 987654 })
  })

  it('copes with spaces and parentheses in the command name', () => {
    expect(parseProcStat(line('a) b (c', 'T', 5))).toEqual({ state: 'T', startTime: 5 })
  })

  it('returns null for text that is not a stat line', () => {
    expect(parseProcStat('garbage')).toBeNull()
  })
})

describe('process state', () => {
  it('maps stopped to paused, zombies to exited and the rest to running', () => {
    expect(stateFromStat({ state: 'T', startTime: 1 })).toBe('paused')
    expect(stateFromStat({ state: 'Z', startTime: 1 })).toBe('exited')
    expect(stateFromStat({ state: 'S', startTime: 1 })).toBe('running')
    expect(stateFromStat(null)).toBe('exited')
  })

  it('sees this very process as running under its own start time', () => {
    const own = readProcStat(process.pid)
    expect(own).not.toBeNull()
    expect(recordedProcessState(process.pid, own?.startTime ?? -1)).toBe('running')
  })

  it('treats a pid whose start time differs from the record as exited: the pid was reused', () => {
    const own = readProcStat(process.pid)
    expect(recordedProcessState(process.pid, (own?.startTime ?? 0) + 1)).toBe('exited')
  })

  it('treats a pid with no process as exited', () => {
    expect(recordedProcessState(2 ** 22 + 12345, 1)).toBe('exited')
  })
})
