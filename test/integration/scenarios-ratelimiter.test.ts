/**
 * Every shipped ratelimiter scenario through the real CLI on a real run
 * (Redis, Sentinel, three apps; `operator scenario run FILE --json`, each in
 * its own OPERATOR_HOME): it must pass every expectation and leave nothing
 * running. Apart from scenarios.test.ts so the two test lanes stay even.
 */
import { describe, it } from 'vitest'
import { expectShippedPasses, SHIPPED } from '../fixtures/shipped-scenario.js'

describe('shipped ratelimiter scenarios', () => {
  for (const name of SHIPPED.filter((n) => n.startsWith('ratelimiter-')))
    it(`${name} passes every expectation and leaves nothing running`, () => expectShippedPasses(name, 1))
})
