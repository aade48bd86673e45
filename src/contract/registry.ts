/**
 * Every object of the machine-readable contract, by the name its generated
 * JSON Schema is published under (`src/contract/schema/<name>.schema.json`,
 * written by scripts/generate-schemas.ts; a unit test keeps them in sync).
 */
import { z } from 'zod'
import { Boot } from './boot-schema.js'
import { ErrorObject } from './common.js'
import { Explanation } from './explain-schema.js'
import { HandoffResult } from './handoff.js'
import { NextReport } from './next.js'
import { PolicyApplied } from './policy-apply-record.js'
import { PolicyRecommendation } from './policy-recommend-schema.js'
import { ProposeResultSchema } from './propose-result.js'
import { RunSummary } from './run-summary.js'
import { Timeline } from './timeline.js'

export const CONTRACT_SCHEMAS: Record<string, z.ZodType> = {
  error: ErrorObject,
  explain: Explanation,
  timeline: Timeline,
  next: NextReport,
  'run-summary': RunSummary,
  'policy-recommendation': PolicyRecommendation,
  'policy-applied': PolicyApplied,
  boot: Boot,
  handoff: HandoffResult,
  propose: ProposeResultSchema,
}

/** The JSON Schema of one contract object, as published. */
export function contractJsonSchema(name: string): unknown {
  const schema = CONTRACT_SCHEMAS[name]
  if (!schema) throw new Error(`no contract schema ${name}`)
  return z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' })
}
