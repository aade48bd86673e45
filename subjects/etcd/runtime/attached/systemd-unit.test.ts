import { describe, expect, it } from 'vitest'
import { allowedUnit, parseShow, restartArgs, showArgs, type UnitState, unitView } from './systemd-unit.js'

const state = (o: Partial<UnitState> = {}): UnitState => ({
  load: 'loaded',
  active: 'active',
  sub: 'running',
  pid: 4242,
  started: '123456',
  ...o,
})

describe('the systemd adapter’s pure parts', () => {
  it('builds systemctl argument arrays with `--` before the unit, never a shell line', () => {
    expect(restartArgs('etcd@m2.service')).toEqual(['restart', '--no-ask-password', '--', 'etcd@m2.service'])
    expect(showArgs('etcd@m2.service')).toEqual([
      'show',
      '-p',
      'LoadState,ActiveState,SubState,MainPID,ExecMainStartTimestampMonotonic',
      '--',
      'etcd@m2.service',
    ])
  })

  it('restarts only the units of the allowlist, each checked as a service name', () => {
    const units = { m1: 'etcd', m2: 'etcd@m2.service', m3: 'reboot.target', m4: '--force', m5: '../etc' }
    expect(allowedUnit(units, 'm1')).toBe('etcd.service')
    expect(allowedUnit(units, 'm2')).toBe('etcd@m2.service')
    expect(() => allowedUnit(units, 'm9')).toThrow(/no systemd unit was named for m9: .* only the units given/)
    expect(() => allowedUnit(units, 'toString')).toThrow(/no systemd unit was named for toString/)
    expect(() => allowedUnit(units, 'm3')).toThrow(/the unit of m3 is refused: .*target unit/)
    expect(() => allowedUnit(units, 'm4')).toThrow(/the unit of m4 is refused: .*must start with/)
    expect(() => allowedUnit(units, 'm5')).toThrow(/the unit of m5 is refused: .*path separator/)
  })

  it('reads `systemctl show` output as key=value lines', () => {
    const out =
      'MainPID=4242\nActiveState=active\nSubState=running\nLoadState=loaded\nExecMainStartTimestampMonotonic=99\n'
    expect(parseShow(out)).toEqual({ load: 'loaded', active: 'active', sub: 'running', pid: 4242, started: '99' })
    expect(parseShow('MainPID=0\nActiveState=inactive\n')).toMatchObject({ active: 'inactive', pid: 0, load: '' })
    expect(parseShow('MainPID=nonsense')).toMatchObject({ pid: 0 })
  })

  it('maps a unit’s state to the member’s process: running with its pid, exited when inactive or failed, else unknown', () => {
    expect(unitView(state())).toEqual({ process: 'running', pid: 4242, instance: '4242@123456' })
    expect(unitView(state({ active: 'reloading' }))).toMatchObject({ process: 'running', pid: 4242 })
    expect(unitView(state({ active: 'activating', pid: 77 }))).toMatchObject({ process: 'running', pid: 77 })
    expect(unitView(state({ active: 'inactive', sub: 'dead', pid: 0 }))).toEqual({ process: 'exited', pid: null })
    expect(unitView(state({ active: 'failed', sub: 'failed', pid: 0 }))).toEqual({ process: 'exited', pid: null })
    // An automatic restart pending: systemd may bring it back by itself; no definitive evidence.
    expect(unitView(state({ active: 'activating', sub: 'auto-restart', pid: 0 }))).toEqual({
      process: 'unknown',
      pid: null,
    })
    expect(unitView(state({ load: 'not-found', active: 'inactive', pid: 0 }))).toEqual({
      process: 'unknown',
      pid: null,
    })
  })
})
