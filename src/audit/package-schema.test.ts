import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { auditPackageJsonSchema } from './package-json-schema.js'

describe('audit package JSON Schema', () => {
  it('is in sync with the zod schema (regenerate with `npm run build && node dist/scripts/generate-schemas.js`)', () => {
    const committed = JSON.parse(readFileSync(new URL('./package.schema.json', import.meta.url), 'utf8')) as unknown
    expect(committed).toEqual(auditPackageJsonSchema())
  })

  it('pins schema_version 2 and forbids unknown top-level keys', () => {
    const schema = auditPackageJsonSchema()
    expect(schema.properties).toMatchObject({ schema_version: { const: 2 } })
    expect(schema.additionalProperties).toBe(false)
  })
})
