import { describe, expect, it } from 'vitest'
import { createTempStore } from '../../test/fixtures/temp-store.js'

describe('known runs', () => {
  it('lists the runs that brought a cluster up, started an agent or executed here, once each', () => {
    const { store } = createTempStore()
    store.append({ run_id: 'r1', actor: 'cli', type: 'cluster.up', payload: {} })
    store.append({ run_id: 'r2', actor: 'a', type: 'agent.started', payload: {} })
    store.append({ run_id: 'r2', actor: 'a', type: 'agent.started', payload: {} })
    store.append({ run_id: 'r3', actor: 'x', type: 'monitor.poll', payload: {} })
    store.append({ run_id: null, actor: 'x', type: 'cluster.up', payload: {} })
    expect(store.runIds()).toEqual(['r1', 'r2'])
  })
})
