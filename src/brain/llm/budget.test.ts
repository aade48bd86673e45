import { describe, expect, it } from 'vitest'
import { budgetFromEnv, DEFAULT_BUDGET } from './budget.js'

describe("the model brain's budget", () => {
  it('takes the policy file over the defaults, and the environment over both', () => {
    expect(budgetFromEnv({})).toEqual(DEFAULT_BUDGET)
    const policy = { max_tool_calls: 5, max_seconds: 30 }
    expect(budgetFromEnv({}, policy)).toMatchObject({ toolCalls: 5, wallMs: 30_000, tokens: DEFAULT_BUDGET.tokens })
    expect(budgetFromEnv({ OPERATOR_LLM_MAX_TOOL_CALLS: '7' }, policy)).toMatchObject({ toolCalls: 7, wallMs: 30_000 })
  })

  it('refuses an environment value that is not a positive integer, in one line naming the variable', () => {
    expect(() => budgetFromEnv({ OPERATOR_LLM_MAX_SECONDS: 'soon' })).toThrow(
      /^OPERATOR_LLM_MAX_SECONDS=soon is not a positive integer$/,
    )
  })
})
