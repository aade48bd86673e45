/**
 * The JSON Schema of the audit package, generated from the zod schema, so
 * people can validate a package without Operator. `package.schema.json` is
 * written by `scripts/generate-schemas.ts`; a unit test keeps it in sync.
 * It describes the version written; version 1 packages (without the anchor
 * part) are still accepted by `operator audit verify-package`.
 */
import { z } from 'zod'
import { AUDIT_PACKAGE_SCHEMA_VERSION, AuditPackage } from './package-schema.js'

export function auditPackageJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(AuditPackage, { io: 'output' }),
    title: `Operator audit package, schema_version ${AUDIT_PACKAGE_SCHEMA_VERSION}`,
  }
}
