/**
 * The model brain: one conversation per ticket with a language model through
 * a ModelClient. Read-only tool calls run at once; `propose_plan` hands a
 * plan to the agent, which runs it through the gate and reports the outcome
 * (sent back as that call's result); `escalate` ends it. Budgets cap the
 * conversation; a provider that keeps failing falls back to the playbook (or
 * escalates). Every request, response and tool call is recorded (transcript.ts).
 */
import type { Clock } from '../../core/clock.js'
import { errorMessage } from '../../core/errors.js'
import type { Subject } from '../../core/subject.js'
import type { Logger } from '../../log/logger.js'
import type { Store } from '../../store/store.js'
import type { Brain, BrainInput, BrainSession, BrainStep, Plan, PlanOutcome } from '../brain.js'
import { playbookBrain, withoutPlans } from '../playbook-brain.js'
import { AgentLines } from './agent-lines.js'
import { writeBrainHandoff } from './brain-handoff.js'
import { type BrainBudget, Spend } from './budget.js'
import { dockerReadTools } from './docker-tools.js'
import type { ChatMessage, ContentBlock, ModelClient, ToolSpec } from './model-client.js'
import { estimateCostUsd } from './prices.js'
import { firstMessage, systemPrompt } from './prompt.js'
import { isAbort } from './provider-errors.js'
import { endingCall, readCall, toolResult } from './tool-calls.js'
import { ESCALATE, PROPOSE_PLAN, type ReadTool, toolSpecs } from './tools.js'
import { recordBrain } from './transcript.js'
import { untrusted } from './untrusted.js'

export interface LlmBrainDeps {
  subject: Subject
  store: Store
  client: ModelClient
  budget: BrainBudget
  /** What a provider failure (after retries) leads to. */
  fallback: 'playbook' | 'escalate'
  clock: Clock
  logger: Logger
  /** Who records: the agent's id. */
  actor: string
  maxTokensPerResponse?: number
}

export function llmBrain(d: LlmBrainDeps): Brain {
  const run = { tokens: 0 }
  return {
    name: 'llm',
    model: `${d.client.provider}:${d.client.model}`,
    open: (input) => new LlmSession(d, input, run),
  }
}

class LlmSession implements BrainSession {
  private readonly messages: ChatMessage[]
  private readonly system: string
  private readonly tools: ToolSpec[]
  /** Read-only tools of this observation's runtime (docker_logs, docker_inspect on docker). */
  private readonly extra: ReadTool[]
  private readonly spend: Spend
  /** Results owed for the last response's tool calls, in their order; the plan's is filled by report(). */
  private owed: { id: string; block: ContentBlock | null }[] = []
  private fallbackTo: BrainSession | null = null
  /** The plans this session handed the agent, so a fallback does not repeat them. */
  private readonly tried: Plan[] = []
  private nudged = false
  private turn = 0
  private readonly lines: AgentLines

  constructor(
    private readonly d: LlmBrainDeps,
    private readonly input: BrainInput,
    run: { tokens: number },
  ) {
    this.spend = new Spend(d.budget, run, d.clock.now())
    this.lines = new AgentLines(d.logger, d.clock, input.ticket.id)
    this.system = systemPrompt(d.subject.name)
    this.extra = dockerReadTools(d.subject, input.observation)
    this.tools = toolSpecs(d.subject, this.extra)
    const summary = d.subject.summarize(input.observation as never)
    this.messages = [{ role: 'user', content: [{ type: 'text', text: firstMessage(input, summary) }] }]
    this.record('brain.started', { provider: d.client.provider, model: d.client.model, system: this.system })
  }

  async next(signal: AbortSignal): Promise<BrainStep> {
    if (this.fallbackTo) return this.fallbackTo.next(signal)
    for (;;) {
      const over = this.spend.exceeded(this.d.clock.now())
      if (over) {
        this.record('brain.budget_exceeded', { spent: over })
        return { kind: 'escalate', code: 'budget_exceeded', reason: `the model brain's budget is spent: ${over}` }
      }
      this.flushOwed()
      let content: ContentBlock[]
      try {
        content = await this.ask(signal)
      } catch (err) {
        if (isAbort(err) || signal.aborted) throw err
        return this.fallBack(errorMessage(err), signal)
      }
      const step = await this.answer(content, signal)
      if (step?.kind === 'plan') this.tried.push(step.plan)
      if (step) return step
    }
  }

  report(outcome: PlanOutcome): void {
    if (this.fallbackTo) {
      this.fallbackTo.report(outcome)
      return
    }
    const owed = this.owed.find((o) => o.block === null)
    // Only outcomes where the plan did not do its part are errors; observed, superseded, deferred are not.
    const ok = ['verified', 'observed', 'superseded', 'deferred', 'handed_on'].includes(outcome.kind)
    if (!owed) return
    const content = untrusted('plan outcome', outcome)
    owed.block = toolResult(owed.id, content, !ok)
    this.record('brain.tool_result', { tool_use_id: owed.id, outcome: outcome.kind, result: content.slice(0, 4000) })
  }

  async close(): Promise<void> {
    this.record('brain.ended', { turns: this.turn, tool_calls: this.spend.toolCalls, tokens: this.spend.tokens })
    writeBrainHandoff(this.d, this.input.ticket, {
      turns: this.turn,
      tool_calls: this.spend.toolCalls,
      tokens: this.spend.tokens,
    })
  }

  /** One request: the conversation so far, recorded before and after. */
  private async ask(signal: AbortSignal): Promise<ContentBlock[]> {
    this.turn++
    const started = this.d.clock.now()
    this.record('brain.request', { turn: this.turn, message: this.messages.at(-1) ?? null })
    const r = await this.d.client.complete(
      {
        system: this.system,
        messages: this.messages,
        tools: this.tools,
        max_tokens: this.d.maxTokensPerResponse ?? 2048,
      },
      signal,
      this.lines.streamer(this.turn),
    )
    this.spend.add(r.usage)
    const cost = estimateCostUsd(r.model, r.usage)
    // An empty answer is not sent back as an empty message (Anthropic refuses those): it counts as saying nothing.
    if (r.content.length > 0) this.messages.push({ role: 'assistant', content: r.content })
    this.record('brain.response', {
      turn: this.turn,
      content: r.content,
      usage: r.usage,
      cost_usd: cost,
      stop_reason: r.stop_reason,
      model: r.model,
      duration_ms: this.d.clock.now() - started,
    })
    this.lines.text(this.turn, r.content)
    return r.content
  }

  /** Runs the response's tool calls; a plan or an escalation ends the turn for the agent. */
  private async answer(content: ContentBlock[], signal: AbortSignal): Promise<BrainStep | null> {
    const uses = content.flatMap((b) => (b.type === 'tool_use' ? [b] : []))
    if (uses.length === 0) {
      if (this.nudged)
        return {
          kind: 'escalate',
          code: 'brain_no_plan',
          reason: 'the model ended its turn without a plan or an escalation',
        }
      this.nudged = true
      this.messages.push({ role: 'user', content: [{ type: 'text', text: 'Call propose_plan or escalate.' }] })
      return null
    }
    let step: BrainStep | null = null
    for (const u of uses) {
      this.spend.toolCalls++
      // The cap holds within one response too: calls past it are answered, not run.
      const over = step === null ? this.spend.exceeded(this.d.clock.now()) : null
      if (over && u.name !== PROPOSE_PLAN && u.name !== ESCALATE) {
        this.owe(u.id, toolResult(u.id, `not run: the budget is spent (${over})`, true))
        continue
      }
      if (step) {
        this.owe(u.id, toolResult(u.id, 'not run: this turn already ended with a plan or an escalation', true))
      } else {
        const ending = endingCall(u, this.tools)
        if (ending) {
          this.owe(u.id, ending.block)
          step = ending.step
        } else this.owe(u.id, await readCall(u, this.tools, this.toolDeps(), signal, this.extra))
      }
      // The tool's result as the model gets it (redacted, cut), or null while the agent runs its plan.
      const given = this.owed.at(-1)?.block
      const output = given?.type === 'tool_result' ? given.content.slice(0, 4000) : null
      this.lines.tool(u.name, u.input, output)
      this.record('brain.tool', { turn: this.turn, tool: u.name, input: u.input, result: output })
    }
    return step
  }

  private toolDeps() {
    return {
      subject: this.d.subject,
      store: this.d.store,
      ticketId: this.input.ticket.id,
      violation: this.input.violation,
    }
  }

  private owe(id: string, block: ContentBlock | null): void {
    this.owed.push({ id, block })
  }

  /** Sends what is owed for the last response's tool calls, as one user message. */
  private flushOwed(): void {
    if (this.owed.length === 0) return
    const blocks = this.owed.map((o) => o.block ?? toolResult(o.id, 'no outcome was reported', true))
    this.messages.push({ role: 'user', content: blocks })
    this.owed = []
  }

  private async fallBack(error: string, signal: AbortSignal): Promise<BrainStep> {
    this.record('brain.fallback', { error, to: this.d.fallback })
    this.d.logger.warn(
      { event: 'brain.fallback', ticket_id: this.input.ticket.id, error, to: this.d.fallback },
      `model unavailable (${error}): ${this.d.fallback === 'playbook' ? 'the playbook plans instead' : 'escalating'}`,
    )
    if (this.d.fallback === 'escalate')
      return { kind: 'escalate', code: 'provider_failed', reason: `the model provider failed: ${error}` }
    // The playbook takes over without repeating a plan the model already had run.
    this.fallbackTo = withoutPlans(playbookBrain(this.d.subject.playbook as never).open(this.input), this.tried)
    return this.fallbackTo.next(signal)
  }

  /** An audit event of this ticket's conversation, and a data line of the agent's output (for the recording). */
  private record(type: string, payload: Record<string, unknown>): void {
    this.lines.data(type, payload)
    recordBrain(this.d.store, this.d.subject.run_id, this.d.actor, type, {
      ticket_id: this.input.ticket.id,
      ...payload,
    })
  }
}
