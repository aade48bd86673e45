/**
 * Writes the JSON Schemas generated from zod: the files people write (policy,
 * scenarios), the audit package and the contract's objects; unit tests fail when a committed schema
 * is out of date. Run: npm run build && node dist/scripts/generate-schemas.js
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { auditPackageJsonSchema } from '../src/audit/package-json-schema.js'
import { CONTRACT_SCHEMAS, contractJsonSchema } from '../src/contract/registry.js'
import { PolicyFile } from '../src/safety/policy/schema.js'
import { ScenarioFile } from '../src/scenario/schema.js'

const SCHEMAS: [path: string, schema: unknown][] = [
  ['src/safety/policy/policy.schema.json', z.toJSONSchema(PolicyFile, { io: 'input', unrepresentable: 'any' })],
  ['src/scenario/scenario.schema.json', z.toJSONSchema(ScenarioFile, { io: 'input', unrepresentable: 'any' })],
  ['src/audit/package.schema.json', auditPackageJsonSchema()],
  ...Object.keys(CONTRACT_SCHEMAS).map((name): [string, unknown] => [
    `src/contract/schema/${name}.schema.json`,
    contractJsonSchema(name),
  ]),
]

for (const [path, schema] of SCHEMAS) {
  const target = fileURLToPath(new URL(`../../${path}`, import.meta.url))
  mkdirSync(dirname(target), { recursive: true })
  writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`)
  console.log(`wrote ${target}`)
}
