/**
 * Hard budgets of the model brain: tool calls, input+output tokens and wall
 * time per ticket, tokens per run (the agent's lifetime). At a cap the
 * conversation stops and the ticket escalates with `budget_exceeded`.
 */
import { OperatorError } from '../../core/errors.js'
import type { Usage } from './model-client.js'

export interface BrainBudget {
  toolCalls: number
  tokens: number
  wallMs: number
  runTokens: number
}

export const DEFAULT_BUDGET: BrainBudget = { toolCalls: 24, tokens: 80_000, wallMs: 180_000, runTokens: 1_000_000 }

const VARS: Record<keyof BrainBudget, [string, number]> = {
  toolCalls: ['OPERATOR_LLM_MAX_TOOL_CALLS', 1],
  tokens: ['OPERATOR_LLM_MAX_TOKENS', 1],
  wallMs: ['OPERATOR_LLM_MAX_SECONDS', 1000],
  runTokens: ['OPERATOR_LLM_RUN_MAX_TOKENS', 1],
}

/** The policy file's `brain:` section (its numbers in the units people write: seconds). */
export interface PolicyBudget {
  max_tool_calls?: number | undefined
  max_tokens?: number | undefined
  max_seconds?: number | undefined
  run_max_tokens?: number | undefined
}

/**
 * The budget: the environment over the policy file's `brain:` over the
 * defaults; an environment value that is not a positive integer is a one-line
 * config error.
 */
export function budgetFromEnv(env: NodeJS.ProcessEnv, policy: PolicyBudget = {}): BrainBudget {
  const out: BrainBudget = {
    toolCalls: policy.max_tool_calls ?? DEFAULT_BUDGET.toolCalls,
    tokens: policy.max_tokens ?? DEFAULT_BUDGET.tokens,
    wallMs: policy.max_seconds !== undefined ? policy.max_seconds * 1000 : DEFAULT_BUDGET.wallMs,
    runTokens: policy.run_max_tokens ?? DEFAULT_BUDGET.runTokens,
  }
  for (const [key, [name, scale]] of Object.entries(VARS) as [keyof BrainBudget, [string, number]][]) {
    const raw = env[name]
    if (raw === undefined || raw === '') continue
    const n = Number(raw)
    if (!Number.isInteger(n) || n <= 0)
      throw new OperatorError(
        'config',
        `${name}=${raw} is not a positive integer`,
        `set ${name} to a whole number, or unset it`,
      )
    out[key] = n * scale
  }
  return out
}

/** What one ticket (and the run) has spent so far. */
export class Spend {
  toolCalls = 0
  tokens = 0
  readonly started: number

  constructor(
    readonly budget: BrainBudget,
    readonly run: { tokens: number },
    now: number,
  ) {
    this.started = now
  }

  add(usage: Usage): void {
    const n = usage.input_tokens + usage.output_tokens
    this.tokens += n
    this.run.tokens += n
  }

  /** Which cap is reached, in words; null while within budget. */
  exceeded(now: number): string | null {
    const b = this.budget
    if (this.toolCalls >= b.toolCalls) return `${this.toolCalls} tool calls (cap ${b.toolCalls})`
    if (this.tokens >= b.tokens) return `${this.tokens} tokens on this ticket (cap ${b.tokens})`
    if (this.run.tokens >= b.runTokens) return `${this.run.tokens} tokens in this run (cap ${b.runTokens})`
    if (now - this.started >= b.wallMs) return `${Math.round((now - this.started) / 1000)} s (cap ${b.wallMs / 1000} s)`
    return null
  }
}
