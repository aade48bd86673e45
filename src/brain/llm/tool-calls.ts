/**
 * What one tool call of the model becomes: a plan or an escalation for the
 * agent (propose_plan, run_script, escalate), or a read-only tool's result
 * (run at once; its output, or its error, redacted and wrapped as untrusted).
 */
import { z } from 'zod'
import { errorMessage } from '../../core/errors.js'
import { redactText } from '../../core/redact.js'
import type { BrainStep } from '../brain.js'
import type { ContentBlock, ToolSpec } from './model-client.js'
import {
  ESCALATE,
  EscalateInput,
  PlanInput,
  PROPOSE_PLAN,
  type ReadTool,
  RUN_SCRIPT,
  readTool,
  type ToolDeps,
} from './tools.js'
import { untrusted } from './untrusted.js'

export type ToolUse = Extract<ContentBlock, { type: 'tool_use' }>

export const toolResult = (id: string, content: string, isError = false): ContentBlock => ({
  type: 'tool_result',
  tool_use_id: id,
  content,
  ...(isError ? { is_error: true } : {}),
})

/**
 * A call that ends the model's turn: the step for the agent and the result
 * owed now (null: the plan's outcome, reported later); a malformed plan is an
 * error result and no step; null: not such a call.
 */
export function endingCall(
  u: ToolUse,
  tools: readonly ToolSpec[],
): { step: BrainStep | null; block: ContentBlock | null } | null {
  if (u.name === PROPOSE_PLAN) {
    const plan = PlanInput.safeParse(u.input)
    if (!plan.success)
      return { step: null, block: toolResult(u.id, `invalid plan: ${z.prettifyError(plan.error)}`, true) }
    return { step: { kind: 'plan', plan: { ...plan.data, score: 0 } }, block: null }
  }
  if (u.name === RUN_SCRIPT && tools.some((t) => t.name === RUN_SCRIPT)) {
    const rationale = 'a diagnostic script the model asked to run'
    const steps = [{ action: RUN_SCRIPT, params: u.input }]
    return { step: { kind: 'plan', plan: { steps, rationale, evidence: {}, score: 0, diagnostic: true } }, block: null }
  }
  if (u.name === ESCALATE) {
    const e = EscalateInput.safeParse(u.input)
    const reason = `the model escalated: ${e.success ? e.data.reason : 'no reason given'}`
    return {
      step: { kind: 'escalate', code: 'brain_escalated', reason },
      block: toolResult(u.id, 'escalated to a person'),
    }
  }
  return null
}

/** Runs a read-only tool: its output, or its error, as the model gets it. */
export async function readCall(
  u: ToolUse,
  tools: readonly ToolSpec[],
  deps: ToolDeps,
  signal: AbortSignal,
  extra: readonly ReadTool[] = [],
): Promise<ContentBlock> {
  const tool = readTool(u.name, extra)
  if (!tool) return toolResult(u.id, `unknown tool ${u.name}: use one of ${tools.map((t) => t.name).join(', ')}`, true)
  try {
    return toolResult(u.id, untrusted(u.name, await tool.run(u.input, deps, signal)))
  } catch (err) {
    if (signal.aborted) throw err
    // An error can quote what it read (a connection string, a log line): redacted like any output.
    return toolResult(u.id, `error: ${redactText(errorMessage(err))}`, true)
  }
}
