/** `operator handoff`: bound to a boot's digest; recorded with a drift warning when the state moved since. */
import { describe, expect, it } from 'vitest'
import { createTempStore, createViolation } from '../../test/fixtures/temp-store.js'
import { builtInPolicy } from '../safety/policy/load-policy.js'
import { stateDigest } from '../store/state-digest.js'
import { boot } from './boot.js'
import type { ContractDeps } from './common.js'
import { HandoffResult, handoff, handoffText } from './handoff.js'

function setup() {
  const env = createTempStore()
  const deps: ContractDeps = { store: env.store, home: '/nonexistent', policy: builtInPolicy(), clock: env.clock }
  return { ...env, deps }
}

describe('a handoff', () => {
  it('bound to the digest of the boot it worked from, with nothing changed since, has no drift', async () => {
    const { deps } = setup()
    const b = await boot(deps)
    const r = handoff(deps, { by: 'agent-1', summary: 'nothing to do', digest: b.state_digest })
    expect(HandoffResult.parse(r)).toEqual(r)
    expect(r.handoff).toMatchObject({ handoff_id: 'H-1', digest: b.state_digest, drift: false })
    expect(r.warnings).toEqual([])
    expect(r.next_digest).not.toBe(b.state_digest)
    expect((await boot(deps)).state_digest).toBe(r.next_digest)
  })

  it('bound to a stale digest is recorded with drift and a warning', async () => {
    const { deps, store } = setup()
    const b = await boot(deps)
    store.upsertViolation('run-1', 'etcd', createViolation(), 'monitor')
    store.setModes({ safety: 'execute', explicit: true }, 'alice')
    const r = handoff(deps, { by: 'agent-1', summary: 'm2 looked fine', digest: b.state_digest, tasks: ['none'] })
    expect(r.handoff).toMatchObject({ drift: true, digest: b.state_digest })
    expect(r.handoff.digest_now).not.toBe(b.state_digest)
    expect(r.warnings).toEqual([expect.stringContaining('recorded with drift')])
    expect(handoffText(r)).toContain('DRIFT')
    expect((await boot(deps)).last_handoff).toMatchObject({ handoff_id: 'H-1', drift: true, tasks: ['none'] })
  })

  it('without a digest binds to the current state', () => {
    const { deps, store } = setup()
    const now = stateDigest(store, deps.policy.digest)
    expect(handoff(deps, { by: 'agent-1', summary: 's' }).handoff).toMatchObject({ digest: now, drift: false })
  })

  it('two sessions handing off on the same boot: the second drifts, the first moved the state', async () => {
    const { deps } = setup()
    const { state_digest } = await boot(deps)
    expect(handoff(deps, { by: 'a', summary: 'one', digest: state_digest }).handoff.drift).toBe(false)
    expect(handoff(deps, { by: 'b', summary: 'two', digest: state_digest }).handoff).toMatchObject({
      handoff_id: 'H-2',
      drift: true,
    })
  })
})
