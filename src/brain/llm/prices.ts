/**
 * What a model call probably cost: an editable table of USD per million
 * input and output tokens for a few well-known model families. These are
 * round estimates, not a bill; edit them here, or put your own in a JSON
 * file named by OPERATOR_LLM_PRICES (`{ "my-model*": { "input": 1, "output": 2 } }`),
 * whose entries come first. Unknown models (local ones) have no price.
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { errorMessage, OperatorError } from '../../core/errors.js'
import type { Usage } from './model-client.js'

/** USD per million tokens. */
export interface Price {
  input: number
  output: number
}

/**
 * Model name patterns, first match wins: a pattern matches a name that starts
 * with it, `*` standing for any characters. More specific patterns go first.
 */
export const DEFAULT_PRICES: ReadonlyArray<readonly [pattern: string, price: Price]> = [
  ['claude-*opus', { input: 15, output: 75 }],
  ['claude-*sonnet', { input: 3, output: 15 }],
  ['claude-*haiku', { input: 1, output: 5 }],
  ['gpt-4o-mini', { input: 0.15, output: 0.6 }],
  ['gpt-4o', { input: 2.5, output: 10 }],
  ['gpt-4.1-nano', { input: 0.1, output: 0.4 }],
  ['gpt-4.1-mini', { input: 0.4, output: 1.6 }],
  ['gpt-4.1', { input: 2, output: 8 }],
  ['o3-mini', { input: 1.1, output: 4.4 }],
  ['o4-mini', { input: 1.1, output: 4.4 }],
  ['o3', { input: 2, output: 8 }],
]

const PriceFile = z.record(z.string(), z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }))

/** The price table: OPERATOR_LLM_PRICES's entries first, then the defaults. */
export function priceTable(
  env: NodeJS.ProcessEnv = process.env,
  readFile: (path: string, encoding: 'utf8') => string = readFileSync,
): ReadonlyArray<readonly [string, Price]> {
  const file = env.OPERATOR_LLM_PRICES?.trim()
  if (!file) return DEFAULT_PRICES
  const fix = 'make it a JSON object of model pattern to { "input": USD, "output": USD } per million tokens'
  let json: unknown
  try {
    json = JSON.parse(readFile(file, 'utf8'))
  } catch (err) {
    throw new OperatorError('config', `OPERATOR_LLM_PRICES ${file}: ${errorMessage(err)}`, fix)
  }
  const parsed = PriceFile.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.join('.') || '(top)'
    throw new OperatorError('config', `OPERATOR_LLM_PRICES ${file}: ${where}: ${issue?.message}`, fix)
  }
  return [...Object.entries(parsed.data), ...DEFAULT_PRICES]
}

/** The price of a model by name, or null when no pattern matches. */
export function priceOf(model: string, table: ReadonlyArray<readonly [string, Price]> = DEFAULT_PRICES): Price | null {
  const name = model.toLowerCase()
  for (const [pattern, price] of table) if (matches(pattern.toLowerCase(), name)) return price
  return null
}

/** Estimated USD for one call's usage; null for a model without a price. */
export function estimateCostUsd(
  model: string,
  usage: Usage,
  table: ReadonlyArray<readonly [string, Price]> = priceTable(),
): number | null {
  const price = priceOf(model, table)
  if (price === null) return null
  return (usage.input_tokens * price.input + usage.output_tokens * price.output) / 1_000_000
}

function matches(pattern: string, name: string): boolean {
  const parts = pattern.split('*')
  let at = 0
  for (const [i, part] of parts.entries()) {
    const found = i === 0 ? (name.startsWith(part) ? 0 : -1) : name.indexOf(part, at)
    if (found < 0) return false
    at = found + part.length
  }
  return true
}
