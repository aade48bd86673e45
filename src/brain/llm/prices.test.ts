import { describe, expect, it } from 'vitest'
import { OperatorError } from '../../core/errors.js'
import { DEFAULT_PRICES, estimateCostUsd, priceOf, priceTable } from './prices.js'

const usage = (input: number, output: number) => ({ input_tokens: input, output_tokens: output })

describe('prices', () => {
  it('knows the well-known model families by name prefix', () => {
    expect(priceOf('claude-opus-4-1-20250805')).toEqual({ input: 15, output: 75 })
    expect(priceOf('claude-3-opus-20240229')).toEqual({ input: 15, output: 75 })
    expect(priceOf('claude-sonnet-4-5')).toEqual({ input: 3, output: 15 })
    expect(priceOf('claude-3-5-haiku-latest')).toEqual({ input: 1, output: 5 })
    expect(priceOf('gpt-4o-mini-2024-07-18')).toEqual({ input: 0.15, output: 0.6 })
    expect(priceOf('gpt-4o-2024-08-06')).toEqual({ input: 2.5, output: 10 })
    expect(priceOf('gpt-4.1')).toEqual({ input: 2, output: 8 })
    expect(priceOf('o4-mini')).toEqual({ input: 1.1, output: 4.4 })
    expect(priceOf('o3')).toEqual({ input: 2, output: 8 })
  })

  it('estimates a call in USD from its usage', () => {
    expect(estimateCostUsd('claude-sonnet-4-5', usage(1_000_000, 100_000), DEFAULT_PRICES)).toBeCloseTo(4.5)
    expect(estimateCostUsd('gpt-4o', usage(2000, 500), DEFAULT_PRICES)).toBeCloseTo(0.01)
  })

  it('has no price for an unknown (local) model', () => {
    expect(estimateCostUsd('llama3.1:8b', usage(1000, 1000), DEFAULT_PRICES)).toBeNull()
    expect(priceOf('my-gpt-4o-finetune')).toBeNull()
  })

  it('puts the entries of OPERATOR_LLM_PRICES first', () => {
    const file = JSON.stringify({ 'llama3*': { input: 0, output: 0 }, 'gpt-4o': { input: 5, output: 20 } })
    const table = priceTable({ OPERATOR_LLM_PRICES: '/prices.json' }, () => file)
    expect(estimateCostUsd('llama3.1:8b', usage(1000, 1000), table)).toBe(0)
    expect(priceOf('gpt-4o', table)).toEqual({ input: 5, output: 20 })
    expect(priceOf('claude-3-opus', table)).toEqual({ input: 15, output: 75 })
  })

  it('uses the defaults when OPERATOR_LLM_PRICES is unset', () => {
    expect(priceTable({})).toBe(DEFAULT_PRICES)
  })

  it('refuses a price file that is not JSON or has the wrong shape, naming the variable', () => {
    const bad = (text: string) => () => priceTable({ OPERATOR_LLM_PRICES: '/p.json' }, () => text)
    expect(bad('{ nope')).toThrow(OperatorError)
    expect(bad('{ nope')).toThrow(/OPERATOR_LLM_PRICES \/p\.json/)
    expect(bad('{"m": {"input": "cheap", "output": 1}}')).toThrow(/OPERATOR_LLM_PRICES \/p\.json: m\.input/)
  })
})
