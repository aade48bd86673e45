/**
 * Writes the JSON Schemas of the files people write (policy, scenarios) from their zod
 * schemas; a unit test fails when a committed schema is out of date.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { PolicyFile } from '../src/safety/policy/schema.js'
import { ScenarioFile } from '../src/scenario/schema.js'

const target = fileURLToPath(new URL('../../src/safety/policy/policy.schema.json', import.meta.url))
writeFileSync(target, `${JSON.stringify(z.toJSONSchema(PolicyFile, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`)
console.log(`wrote ${target}`)

const scenarioTarget = fileURLToPath(new URL('../../src/scenario/scenario.schema.json', import.meta.url))
writeFileSync(scenarioTarget, `${JSON.stringify(z.toJSONSchema(ScenarioFile, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`)
console.log(`wrote ${scenarioTarget}`)
