import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SCHEMA_VERSION } from './common.js'
import { CONTRACT_SCHEMAS, contractJsonSchema } from './registry.js'

interface ObjectSchema {
  required?: string[]
  properties?: Record<string, unknown>
}

const DIR = new URL('./schema/', import.meta.url)

describe('the contract’s published JSON Schemas', () => {
  it('are in sync with the zod schemas, one file per object and no other', () => {
    const names = Object.keys(CONTRACT_SCHEMAS).sort()
    expect(readdirSync(DIR).sort()).toEqual(names.map((n) => `${n}.schema.json`))
    for (const name of names) {
      const published = JSON.parse(readFileSync(new URL(`${name}.schema.json`, DIR), 'utf8')) as unknown
      expect(published, `${name}: run npm run build && node dist/scripts/generate-schemas.js`).toEqual(
        contractJsonSchema(name),
      )
    }
  })

  it('require the schema version in every object', () => {
    for (const name of Object.keys(CONTRACT_SCHEMAS)) {
      const top = contractJsonSchema(name) as ObjectSchema & { anyOf?: ObjectSchema[]; oneOf?: ObjectSchema[] }
      // A union (explain: a proposal, a ticket or a run) carries it in every branch.
      const branches = top.anyOf ?? top.oneOf ?? [top]
      for (const schema of branches) {
        expect(schema.required, name).toContain('schema_version')
        expect(schema.properties?.schema_version, name).toEqual({ type: 'number', const: SCHEMA_VERSION })
      }
    }
  })
})
