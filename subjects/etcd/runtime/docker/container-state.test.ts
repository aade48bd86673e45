import { describe, expect, it } from 'vitest'
import { containerInstance, containerProcessState, containerView, startedAtSeconds } from './container-state.js'

const state = (Status: string, Running: boolean, Paused: boolean, Pid = 0) => ({ Status, Running, Paused, Pid })

describe('container state', () => {
  it('maps the engine’s states onto running, paused and exited', () => {
    expect(containerProcessState(state('running', true, false))).toBe('running')
    expect(containerProcessState(state('paused', true, true))).toBe('paused')
    expect(containerProcessState(state('restarting', true, false))).toBe('running')
    for (const s of ['exited', 'created', 'dead', 'removing'])
      expect(containerProcessState(state(s, false, false))).toBe('exited')
  })

  it('gives the main pid only while the container runs, and its networks sorted', () => {
    const networks = { 'operator-r-peer': {}, 'operator-r-client': {} }
    expect(
      containerView('c1', { State: state('running', true, false, 4242), NetworkSettings: { Networks: networks } }),
    ).toEqual({
      process: 'running',
      pid: 4242,
      container: 'c1',
      networks: ['operator-r-client', 'operator-r-peer'],
    })
    expect(
      containerView('c1', { State: state('exited', false, false, 0), NetworkSettings: { Networks: networks } }).pid,
    ).toBeNull()
  })

  it('treats a container that is gone as exited, with no networks', () => {
    expect(containerView('c1', null)).toEqual({ process: 'exited', pid: null, container: 'c1', networks: [] })
  })

  it('names a running container by its id and start, so a restart knows the start it made; none when it is not running', () => {
    const started = '2026-01-01T10:00:05.123456789Z'
    expect(containerInstance({ Id: 'abc', State: { ...state('running', true, false, 7), StartedAt: started } })).toBe(
      `abc@${started}`,
    )
    expect(containerInstance({ Id: 'abc', State: { ...state('exited', false, false), StartedAt: started } })).toBeNull()
    expect(containerInstance(null)).toBeNull()
    expect(startedAtSeconds(started)).toBe(Date.UTC(2026, 0, 1, 10, 0, 5) / 1000)
    expect(startedAtSeconds('0001-01-01T00:00:00Z')).toBe(0)
    expect(startedAtSeconds('')).toBe(0)
  })
})
