/**
 * The brain an agent plans with, by name: `playbook` (default, offline) or
 * `llm` (a language model: provider, model, base URL, key and budgets from
 * the environment — llm-settings.ts, budget.ts). Settings are checked here,
 * before anything starts: a missing key is a one-line error.
 */
import type { Clock } from '../core/clock.js'
import { OperatorError } from '../core/errors.js'
import type { Subject } from '../core/subject.js'
import type { Logger } from '../log/logger.js'
import type { Store } from '../store/store.js'
import type { Brain } from './brain.js'
import { budgetFromEnv, type PolicyBudget } from './llm/budget.js'
import { llmBrain } from './llm/llm-brain.js'
import { createModelClient, llmSettings } from './llm/llm-settings.js'
import { withRetries } from './llm/retrying-client.js'
import { playbookBrain } from './playbook-brain.js'

export const BRAIN_NAMES = ['playbook', 'llm'] as const
export type BrainName = (typeof BRAIN_NAMES)[number]

function brainName(raw: string | undefined): BrainName {
  const name = raw === undefined || raw === '' ? 'playbook' : raw
  if (!(BRAIN_NAMES as readonly string[]).includes(name))
    throw new OperatorError(
      'usage',
      `unknown brain ${name}`,
      `use --brain ${BRAIN_NAMES.join(' or ')} (or OPERATOR_BRAIN)`,
    )
  return name as BrainName
}

export interface BrainDeps {
  subject: Subject
  store: Store
  clock: Clock
  logger: Logger
  actor: string
  env: NodeJS.ProcessEnv
  /** The policy file's `brain:` budgets, under the environment's. */
  budget?: PolicyBudget | undefined
}

/** Checks the model settings without building anything. */
function checkBrainSettings(name: BrainName, env: NodeJS.ProcessEnv): void {
  if (name === 'llm') {
    llmSettings(env)
    budgetFromEnv(env)
  }
}

/**
 * The brain a command runs with — the first choice given (a flag, a scenario's
 * `modes.brain`), else OPERATOR_BRAIN, else the playbook — its model settings
 * checked before anything starts.
 */
export function chooseBrain(env: NodeJS.ProcessEnv, ...choices: (string | undefined)[]): BrainName {
  const name = brainName(choices.find((c) => c !== undefined) ?? env.OPERATOR_BRAIN)
  checkBrainSettings(name, env)
  return name
}

export function createBrain(name: BrainName, d: BrainDeps): Brain {
  if (name === 'playbook') return playbookBrain(d.subject.playbook as never)
  const client = withRetries(createModelClient(llmSettings(d.env)), {
    attempts: 3,
    baseDelayMs: 500,
    maxDelayMs: 8000,
    onRetry: (r) =>
      d.logger.warn(
        { event: 'brain.retry', ...r },
        `model request failed (${r.error}); retry ${r.attempt} in ${r.delayMs} ms`,
      ),
  })
  const fallback = d.env.OPERATOR_LLM_FALLBACK === 'escalate' ? 'escalate' : 'playbook'
  return llmBrain({ ...d, client, budget: budgetFromEnv(d.env, d.budget), fallback })
}
