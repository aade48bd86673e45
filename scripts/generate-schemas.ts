/**
 * Writes the JSON Schemas generated from zod: the files people write (policy,
 * scenarios) and the audit package; unit tests fail when a committed schema
 * is out of date. Run: npm run build && node dist/scripts/generate-schemas.js
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { auditPackageJsonSchema } from '../src/audit/package-json-schema.js'
import { PolicyFile } from '../src/safety/policy/schema.js'
import { ScenarioFile } from '../src/scenario/schema.js'

const SCHEMAS: [path: string, schema: unknown][] = [
  ['src/safety/policy/policy.schema.json', z.toJSONSchema(PolicyFile, { io: 'input', unrepresentable: 'any' })],
  ['src/scenario/scenario.schema.json', z.toJSONSchema(ScenarioFile, { io: 'input', unrepresentable: 'any' })],
  ['src/audit/package.schema.json', auditPackageJsonSchema()],
]

for (const [path, schema] of SCHEMAS) {
  const target = fileURLToPath(new URL(`../../${path}`, import.meta.url))
  writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`)
  console.log(`wrote ${target}`)
}
