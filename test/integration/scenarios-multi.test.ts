/**
 * The shipped scenarios where several things break at once, each through the
 * real CLI on a real cluster: which members the agent acts on and in what
 * order, the victim never touched, its ticket following a root. A file of its
 * own, so scripts/test-integration.sh can run it beside the other cluster files.
 */
import { describe, it } from 'vitest'
import { expectShippedPasses, MULTI_FAULT } from '../fixtures/shipped-scenario.js'

describe('shipped scenarios where several things break at once', () => {
  for (const name of MULTI_FAULT)
    it(`${name} acts on the roots in order, never on a victim, and leaves nothing running`, () =>
      expectShippedPasses(name, 1))
})
