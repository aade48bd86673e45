/**
 * The JSON Schema of the audit package, generated from the zod schema, so
 * people can validate a package without Operator. `package.schema.json` is
 * written by `scripts/generate-schemas.ts`; a unit test keeps it in sync.
 */
import { z } from 'zod'
import { AuditPackage } from './package-schema.js'

export function auditPackageJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(AuditPackage, { io: 'output' }),
    title: 'Operator audit package, schema_version 1',
  }
}
