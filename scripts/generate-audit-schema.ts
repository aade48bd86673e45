/**
 * Writes src/audit/package.schema.json from the audit package's zod schema;
 * `src/audit/package-schema.test.ts` fails when the committed file is stale.
 * Run: npm run build && node dist/scripts/generate-audit-schema.js
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { auditPackageJsonSchema } from '../src/audit/package-json-schema.js'

const target = fileURLToPath(new URL('../../src/audit/package.schema.json', import.meta.url))
writeFileSync(target, `${JSON.stringify(auditPackageJsonSchema(), null, 2)}\n`)
console.log(`wrote ${target}`)
