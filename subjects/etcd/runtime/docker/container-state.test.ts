import { describe, expect, it } from 'vitest'
import { containerProcessState, containerView } from './container-state.js'

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
})
