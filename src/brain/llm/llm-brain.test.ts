/**
 * The model brain's session against a scripted ModelClient (neutral blocks,
 * every request kept as sent) and a fake subject: read tools run at once and
 * come back as redacted untrusted data, plans and escalations end a turn,
 * every tool call gets exactly one result in the next user message, budgets
 * stop the conversation, a failing provider falls back, and everything is
 * recorded as brain.* events.
 */
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createTempStore, createViolation } from '../../../test/fixtures/temp-store.js'
import { proposalView, renderProposal } from '../../cli/proposal-view.js'
import type { BaseObservation, Candidate, Subject } from '../../core/subject.js'
import { createLogger } from '../../log/logger.js'
import type { BrainSession } from '../brain.js'
import { type BrainBudget, DEFAULT_BUDGET } from './budget.js'
import { llmBrain } from './llm-brain.js'
import type { ChatMessage, ContentBlock, ModelClient, ModelRequest, ModelResponse } from './model-client.js'
import { ProviderError } from './model-client.js'
import { abortError } from './provider-errors.js'
import { TOOL_SPECS } from './tools.js'
import { proposingTurn, transcript, transcriptLines } from './transcript.js'

const MODEL = 'claude-x'
const SECRET = 'hunter2'
const VIOLATION = createViolation()
const OBSERVATION: BaseObservation = { subject: 'etcd', run_id: 'run-1', at: 0, duration_ms: 0 }
const PLAN = {
  steps: [{ action: 'restart_member', params: { member: 'm2' } }],
  rationale: 'm2 exited: restart it',
  evidence: { state: 'down' },
}
const CANDIDATES: Candidate[] = [
  { steps: [{ action: 'restart_member', params: { member: 'm2' } }], rationale: 'restart m2', evidence: {}, score: 80 },
  { steps: [{ action: 'replace_member', params: { member: 'm2' } }], rationale: 'replace m2', evidence: {}, score: 40 },
]

/** A scripted turn: a response, an error to throw, or a function of the request's signal. */
type Turn = ModelResponse | Error | ((signal: AbortSignal) => Promise<ModelResponse>)

let ids = 0
const use = (name: string, input: Record<string, unknown> = {}): Extract<ContentBlock, { type: 'tool_use' }> => ({
  type: 'tool_use',
  id: `toolu_${++ids}`,
  name,
  input,
})
const say = (text: string): ContentBlock => ({ type: 'text', text })
const reply = (content: ContentBlock[], usage = { input_tokens: 100, output_tokens: 20 }): ModelResponse => ({
  content,
  usage,
  stop_reason: content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn',
  model: MODEL,
})

function fakeClient(turns: Turn[]): { client: ModelClient; requests: ModelRequest[] } {
  const requests: ModelRequest[] = []
  const client: ModelClient = {
    provider: 'anthropic',
    model: MODEL,
    async complete(request, signal) {
      // A copy as sent: the session keeps appending to the same messages array.
      requests.push(structuredClone(request))
      const turn = turns.shift()
      if (turn === undefined) throw new Error('fake model: no scripted turn left')
      if (turn instanceof Error) throw turn
      if (typeof turn === 'function') return turn(signal)
      return structuredClone(turn)
    },
  }
  return { client, requests }
}

interface FakeWorld {
  logLines: string[]
  logError: Error | null
  logCalls: string[]
}

function fakeSubject(world: FakeWorld): Subject {
  return {
    name: 'etcd',
    run_id: 'run-1',
    observe: async () => OBSERVATION,
    checker: { check: () => [VIOLATION], evaluate: () => [VIOLATION] },
    actions: [
      {
        name: 'restart_member',
        kind: 'subject',
        description: 'restart one member',
        risk: 'medium',
        tier: 2,
        params: z.strictObject({ member: z.string() }),
      },
    ],
    faults: [],
    playbook: { candidates: () => CANDIDATES },
    summarize: () => 'm1 up, m2 exited, m3 up',
    logTail: async (member: string) => {
      world.logCalls.push(member)
      if (world.logError) throw world.logError
      return world.logLines
    },
    close: async () => undefined,
  } as unknown as Subject
}

function setup(o: { turns: Turn[]; budget?: Partial<BrainBudget>; fallback?: 'playbook' | 'escalate' }) {
  const env = createTempStore()
  const world: FakeWorld = {
    logLines: [`m2 level=error msg="peer auth failed" password=${SECRET}`],
    logError: null,
    logCalls: [],
  }
  const subject = fakeSubject(world)
  const { client, requests } = fakeClient(o.turns)
  const logs: string[] = []
  const logger = createLogger(
    'agent',
    new Writable({
      write: (chunk, _e, done) => {
        logs.push(String(chunk))
        done()
      },
    }),
  )
  const brain = llmBrain({
    subject,
    store: env.store,
    client,
    budget: { ...DEFAULT_BUDGET, ...o.budget },
    fallback: o.fallback ?? 'playbook',
    clock: env.clock,
    logger,
    actor: 'agent-1',
  })
  const { ticket } = env.store.upsertViolation('run-1', 'etcd', VIOLATION, 'monitor-1')
  const open = (): BrainSession => brain.open({ ticket, violation: VIOLATION, observation: OBSERVATION })
  const events = (type?: string) =>
    transcript(env.store, ticket.id).filter((e) => type === undefined || e.type === type)
  return { ...env, world, brain, requests, logs, ticket, open, events }
}

const signal = () => new AbortController().signal

/** The results of the last user message of a request, by tool_use id. */
function lastResults(request: ModelRequest | undefined): Extract<ContentBlock, { type: 'tool_result' }>[] {
  const last = request?.messages.at(-1)
  expect(last?.role).toBe('user')
  return (last?.content ?? []).flatMap((b) => (b.type === 'tool_result' ? [b] : []))
}

/**
 * What Anthropic requires of every request: every tool_use of an assistant
 * message has exactly one tool_result in the next message, a user message
 * that holds no other results; and no message is empty.
 */
function expectWellFormed(request: ModelRequest): void {
  const messages: ChatMessage[] = request.messages
  expect(messages[0]?.role).toBe('user')
  messages.forEach((m, i) => {
    expect(m.content.length, `message ${i} (${m.role}) is empty`).toBeGreaterThan(0)
    if (m.role !== 'assistant') return
    const uses = m.content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []))
    if (uses.length === 0) return
    const next = messages[i + 1]
    expect(next?.role, `the tool calls of message ${i} are not answered`).toBe('user')
    const results = (next?.content ?? []).flatMap((b) => (b.type === 'tool_result' ? [b.tool_use_id] : []))
    expect([...results].sort()).toEqual([...uses].sort())
  })
}

const UNTRUSTED = (source: string) =>
  new RegExp(`^<untrusted-data-([0-9a-f]{16}) source="${source}">\\n[\\s\\S]*\\n</untrusted-data-\\1>$`)

describe('the model brain', () => {
  it('runs a read tool, sends its output back redacted as untrusted data, and returns the plan', async () => {
    const log = use('member_log', { member: 'm2', lines: 20 })
    const plan = use('propose_plan', PLAN)
    const t = setup({ turns: [reply([say('Look at m2.'), log]), reply([say('It exited; restart it.'), plan])] })
    const session = t.open()

    const step = await session.next(signal())

    expect(step).toEqual({ kind: 'plan', plan: { ...PLAN, score: 0 } })
    expect(t.world.logCalls).toEqual(['m2'])
    expect(t.requests).toHaveLength(2)
    const [result, ...others] = lastResults(t.requests[1])
    expect(others).toEqual([])
    expect(result).toMatchObject({ tool_use_id: log.id })
    expect(result?.is_error).toBeUndefined()
    expect(result?.content).toMatch(UNTRUSTED('member_log'))
    expect(result?.content).toContain('peer auth failed')
    expect(result?.content).toContain('password=[REDACTED]')
    // The first request carries the ticket and the summary as untrusted data too, and every tool.
    expect(t.requests[0]?.tools.map((x) => x.name)).toEqual(TOOL_SPECS.map((x) => x.name))
    const first = t.requests[0]?.messages[0]?.content[0]
    expect(first?.type === 'text' && first.text).toMatch(/<untrusted-data-[0-9a-f]{16} source="ticket">/)
    for (const r of t.requests) expectWellFormed(r)
    // The secret is in no request, in no recorded event and in no log line.
    expect(JSON.stringify(t.requests)).not.toContain(SECRET)
    expect(JSON.stringify(t.events())).not.toContain(SECRET)
    expect(t.logs.join('')).not.toContain(SECRET)
  })

  it("sends a plan's outcome as its call's result, beside the other results owed, one per tool call", async () => {
    const log = use('member_log', { member: 'm2' })
    const plan = use('propose_plan', PLAN)
    const late = use('observe')
    const fixed = use('propose_plan', { ...PLAN, steps: [{ action: 'restart_member', params: { member: 'm2' } }] })
    const t = setup({ turns: [reply([log, plan, late]), reply([say('Fixed params.'), fixed])] })
    const session = t.open()
    expect((await session.next(signal())).kind).toBe('plan')

    session.report({ kind: 'invalid', reason: 'bad params: member must be one of m1, m2, m3', proposal_id: null })
    const step = await session.next(signal())

    expect(step.kind).toBe('plan')
    expect(t.requests).toHaveLength(2)
    const results = lastResults(t.requests[1])
    // All three in one user message, in the order of the calls.
    expect(results.map((r) => r.tool_use_id)).toEqual([log.id, plan.id, late.id])
    expect(t.requests[1]?.messages.at(-1)?.content).toHaveLength(3)
    const outcome = results[1]
    expect(outcome?.is_error).toBe(true)
    expect(outcome?.content).toMatch(UNTRUSTED('plan outcome'))
    expect(outcome?.content).toContain('bad params: member must be one of m1, m2, m3')
    expect(outcome?.content).toContain('invalid')
    expect(results[2]).toMatchObject({ is_error: true })
    expect(results[2]?.content).toMatch(/^not run: this turn already ended/)
    for (const r of t.requests) expectWellFormed(r)
  })

  it('sends a verified outcome as a result that is not an error', async () => {
    const t = setup({ turns: [reply([use('propose_plan', PLAN)]), reply([use('escalate', { reason: 'done' })])] })
    const session = t.open()
    await session.next(signal())
    session.report({ kind: 'verified', reason: 'members_healthy:m2 no longer violated', proposal_id: 'P-1' })
    await session.next(signal())
    const [result] = lastResults(t.requests[1])
    expect(result?.is_error).toBeUndefined()
    expect(result?.content).toContain('verified')
  })

  it('tells the model when no outcome was reported for its plan', async () => {
    const plan = use('propose_plan', PLAN)
    const t = setup({ turns: [reply([plan]), reply([use('escalate', { reason: 'x' })])] })
    const session = t.open()
    await session.next(signal())
    await session.next(signal())
    expect(lastResults(t.requests[1])).toEqual([
      { type: 'tool_result', tool_use_id: plan.id, content: 'no outcome was reported', is_error: true },
    ])
  })

  it('answers a malformed plan with an error result and goes on to the next response', async () => {
    const bad = use('propose_plan', { rationale: 'restart m2' })
    const good = use('propose_plan', PLAN)
    const t = setup({ turns: [reply([say('Restart.'), bad]), reply([good])] })

    const step = await t.open().next(signal())

    expect(step).toEqual({ kind: 'plan', plan: { ...PLAN, score: 0 } })
    expect(t.requests).toHaveLength(2)
    const [result] = lastResults(t.requests[1])
    expect(result).toMatchObject({ tool_use_id: bad.id, is_error: true })
    expect(result?.content).toMatch(/^invalid plan: /)
    expect(result?.content).toContain('steps')
    for (const r of t.requests) expectWellFormed(r)
  })

  it('escalates when the model calls escalate', async () => {
    const t = setup({ turns: [reply([say('Disk is gone.'), use('escalate', { reason: 'the disk of m2 failed' })])] })
    const step = await t.open().next(signal())
    expect(step).toEqual({
      kind: 'escalate',
      code: 'brain_escalated',
      reason: 'the model escalated: the disk of m2 failed',
    })
  })

  it('nudges a model that ends its turn without a tool call once, then escalates brain_no_plan', async () => {
    const t = setup({ turns: [reply([say('Hmm.')]), reply([say('Still thinking.')])] })

    const step = await t.open().next(signal())

    expect(step).toMatchObject({ kind: 'escalate', code: 'brain_no_plan' })
    expect(t.requests).toHaveLength(2)
    expect(t.requests[1]?.messages.at(-1)).toEqual({
      role: 'user',
      content: [{ type: 'text', text: 'Call propose_plan or escalate.' }],
    })
    for (const r of t.requests) expectWellFormed(r)
  })

  it('after the nudge, takes the plan the model then proposes', async () => {
    const t = setup({ turns: [reply([say('Hmm.')]), reply([use('propose_plan', PLAN)])] })
    expect((await t.open().next(signal())).kind).toBe('plan')
  })

  // BUG (llm-brain.ts ask/answer): an empty response (content []: Claude sometimes ends a turn with nothing)
  // is kept as an empty assistant message, which Anthropic rejects with a 400 on the next request
  // ("all messages must have non-empty content except for the optional final assistant message").
  it('sends no empty assistant message after an empty response', async () => {
    const t = setup({ turns: [reply([]), reply([use('propose_plan', PLAN)])] })
    expect((await t.open().next(signal())).kind).toBe('plan')
    expect(t.requests).toHaveLength(2)
    for (const r of t.requests) expectWellFormed(r)
  })

  describe('budgets', () => {
    it('escalates budget_exceeded at the tool-call cap, and records it', async () => {
      const t = setup({
        budget: { toolCalls: 2 },
        turns: [
          reply([use('member_log', { member: 'm2' })]),
          reply([use('member_log', { member: 'm1' })]),
          reply([use('propose_plan', PLAN)]),
        ],
      })

      const step = await t.open().next(signal())

      expect(step).toMatchObject({ kind: 'escalate', code: 'budget_exceeded' })
      expect(step.kind === 'escalate' && step.reason).toContain('2 tool calls (cap 2)')
      expect(t.requests).toHaveLength(2)
      const [exceeded, ...more] = t.events('brain.budget_exceeded')
      expect(more).toEqual([])
      expect(exceeded?.payload).toMatchObject({ ticket_id: t.ticket.id, spent: '2 tool calls (cap 2)' })
    })

    it('escalates at the token cap, counting input and output tokens of each response', async () => {
      const t = setup({
        budget: { tokens: 1000 },
        turns: [
          reply([use('member_log', { member: 'm2' })], { input_tokens: 600, output_tokens: 399 }),
          reply([use('member_log', { member: 'm2' })], { input_tokens: 1, output_tokens: 0 }),
          reply([use('propose_plan', PLAN)]),
        ],
      })

      const step = await t.open().next(signal())

      expect(step).toMatchObject({ kind: 'escalate', code: 'budget_exceeded' })
      expect(step.kind === 'escalate' && step.reason).toContain('1000 tokens on this ticket (cap 1000)')
      expect(t.requests).toHaveLength(2)
    })

    it("carries the run's token total across the sessions of one brain", async () => {
      const t = setup({
        budget: { runTokens: 1500 },
        turns: [reply([use('propose_plan', PLAN)], { input_tokens: 1200, output_tokens: 300 })],
      })
      const first = t.open()
      expect((await first.next(signal())).kind).toBe('plan')
      await first.close()

      const step = await t.open().next(signal())

      expect(step).toMatchObject({ kind: 'escalate', code: 'budget_exceeded' })
      expect(step.kind === 'escalate' && step.reason).toContain('1500 tokens in this run (cap 1500)')
      expect(t.requests).toHaveLength(1)
      expect(t.events('brain.ended')[0]?.payload).toMatchObject({ tokens: 1500, tool_calls: 1, turns: 1 })
    })

    it('escalates once the wall time is spent', async () => {
      const clock: { advance?: (ms: number) => void } = {}
      const t = setup({
        budget: { wallMs: 60_000 },
        turns: [
          async () => {
            // The model takes a minute to answer.
            clock.advance?.(60_000)
            return reply([use('member_log', { member: 'm2' })])
          },
          reply([use('propose_plan', PLAN)]),
        ],
      })
      clock.advance = (ms) => t.clock.advance(ms)
      const step = await t.open().next(signal())
      expect(step).toMatchObject({ kind: 'escalate', code: 'budget_exceeded' })
      expect(step.kind === 'escalate' && step.reason).toContain('60 s (cap 60 s)')
      expect(t.requests).toHaveLength(1)
    })
  })

  describe('a failing provider', () => {
    it('falls back to the playbook, which plans from its first candidate on, and records it', async () => {
      const t = setup({ turns: [new ProviderError('anthropic: 529 overloaded', true, null, 529)] })
      const session = t.open()

      const step = await session.next(signal())

      expect(step).toEqual({ kind: 'plan', plan: CANDIDATES[0] })
      session.report({ kind: 'verify_failed', reason: 'm2 still down', proposal_id: 'P-1' })
      expect(await session.next(signal())).toEqual({ kind: 'plan', plan: CANDIDATES[1] })
      expect(await session.next(signal())).toMatchObject({ kind: 'escalate', code: 'candidates_exhausted' })
      expect(t.requests).toHaveLength(1)
      const [fallback, ...more] = t.events('brain.fallback')
      expect(more).toEqual([])
      expect(fallback?.payload).toMatchObject({
        ticket_id: t.ticket.id,
        to: 'playbook',
        error: 'anthropic: 529 overloaded',
      })
      expect(t.logs.join('')).toContain('the playbook plans instead')
    })

    it('does not repeat a plan the model already had run when the playbook takes over', async () => {
      const t = setup({
        turns: [reply([use('propose_plan', PLAN)]), new ProviderError('anthropic: 500', true, null, 500)],
      })
      const session = t.open()
      expect(await session.next(signal())).toMatchObject({ kind: 'plan', plan: { steps: PLAN.steps } })
      session.report({ kind: 'verify_failed', reason: 'm2 still down', proposal_id: 'P-1' })
      // The model's restart of m2 already ran: the playbook goes on with its next candidate.
      expect(await session.next(signal())).toEqual({ kind: 'plan', plan: CANDIDATES[1] })
    })

    it('escalates provider_failed when the fallback is escalate', async () => {
      const t = setup({ fallback: 'escalate', turns: [new ProviderError('anthropic: 401 bad key', false, null, 401)] })
      const step = await t.open().next(signal())
      expect(step).toEqual({
        kind: 'escalate',
        code: 'provider_failed',
        reason: 'the model provider failed: anthropic: 401 bad key',
      })
      expect(t.events('brain.fallback')[0]?.payload).toMatchObject({ to: 'escalate' })
    })

    it('lets an abort through, without falling back', async () => {
      const controller = new AbortController()
      const t = setup({
        turns: [
          async () => {
            controller.abort(new Error('kill switch'))
            throw abortError()
          },
        ],
      })
      await expect(t.open().next(controller.signal)).rejects.toMatchObject({ name: 'AbortError' })
      expect(t.events('brain.fallback')).toEqual([])
    })

    it('lets any error through once the signal is aborted', async () => {
      const controller = new AbortController()
      const t = setup({
        turns: [
          async () => {
            controller.abort(new Error('kill switch'))
            throw new Error('socket closed')
          },
        ],
      })
      await expect(t.open().next(controller.signal)).rejects.toThrow('socket closed')
      expect(t.events('brain.fallback')).toEqual([])
    })
  })

  it('answers an unknown tool with an error naming the tools', async () => {
    const shell = use('run_shell', { command: 'rm -rf /' })
    const t = setup({ turns: [reply([shell]), reply([use('propose_plan', PLAN)])] })

    expect((await t.open().next(signal())).kind).toBe('plan')

    const [result] = lastResults(t.requests[1])
    expect(result).toMatchObject({ tool_use_id: shell.id, is_error: true })
    expect(result?.content).toBe(`unknown tool run_shell: use one of ${TOOL_SPECS.map((x) => x.name).join(', ')}`)
    expect(result?.content).toContain('member_log, ticket_history')
  })

  it('runs no tool called after the plan in the same response', async () => {
    const plan = use('propose_plan', PLAN)
    const log = use('member_log', { member: 'm2' })
    const t = setup({ turns: [reply([plan, log]), reply([use('escalate', { reason: 'x' })])] })
    const session = t.open()

    expect((await session.next(signal())).kind).toBe('plan')
    expect(t.world.logCalls).toEqual([])
    session.report({ kind: 'denied', reason: 'rule deny_leader', proposal_id: 'P-1' })
    await session.next(signal())

    const results = lastResults(t.requests[1])
    expect(results.map((r) => r.tool_use_id)).toEqual([plan.id, log.id])
    expect(results[1]).toEqual({
      type: 'tool_result',
      tool_use_id: log.id,
      content: 'not run: this turn already ended with a plan or an escalation',
      is_error: true,
    })
    for (const r of t.requests) expectWellFormed(r)
  })

  it("answers a read tool's failure with an error result", async () => {
    const t = setup({ turns: [reply([use('member_log', { member: 'm9' })]), reply([use('propose_plan', PLAN)])] })
    t.world.logError = new Error('no member m9')
    expect((await t.open().next(signal())).kind).toBe('plan')
    const [result] = lastResults(t.requests[1])
    expect(result).toMatchObject({ is_error: true, content: 'error: no member m9' })
  })

  // BUG (llm-brain.ts runRead): a read tool's error message goes to the model as is, unredacted
  // (`error: ${errorMessage(err)}`), though "everything in a request has been redacted" (model-client.ts).
  it("redacts a read tool's error before the model sees it", async () => {
    const t = setup({ turns: [reply([use('member_log', { member: 'm2' })]), reply([use('propose_plan', PLAN)])] })
    t.world.logError = new Error(`cannot read the log: connect with password=${SECRET} refused`)
    expect((await t.open().next(signal())).kind).toBe('plan')
    const [result] = lastResults(t.requests[1])
    expect(result?.is_error).toBe(true)
    expect(JSON.stringify(t.requests)).not.toContain(SECRET)
  })

  it('records the conversation as brain.* events of the ticket, one transcript line each', async () => {
    const t = setup({
      turns: [
        reply([say('Look at m2.'), use('member_log', { member: 'm2' })]),
        reply([say('It exited.\nRestart it.'), use('propose_plan', PLAN)], { input_tokens: 300, output_tokens: 40 }),
      ],
    })
    const session = t.open()
    await session.next(signal())
    session.report({ kind: 'verified', reason: 'repaired', proposal_id: 'P-1' })
    await session.close()

    const events = t.events()
    expect(events.map((e) => e.type)).toEqual([
      'brain.started',
      'brain.request',
      'brain.response',
      'brain.tool',
      'brain.request',
      'brain.response',
      'brain.tool',
      'brain.tool_result',
      'brain.ended',
    ])
    for (const e of events) {
      expect(e.payload.ticket_id).toBe(t.ticket.id)
      expect(e.run_id).toBe('run-1')
      expect(e.actor).toBe('agent-1')
    }
    expect(events[0]?.payload).toMatchObject({ provider: 'anthropic', model: MODEL })
    expect(events[5]?.payload).toMatchObject({ turn: 2, model: MODEL, usage: { input_tokens: 300, output_tokens: 40 } })
    expect(events[6]?.payload).toMatchObject({ turn: 2, tool: 'propose_plan', input: PLAN })
    expect(events[7]?.payload).toMatchObject({
      outcome: 'verified',
      result: expect.stringContaining('untrusted-data-'),
    })
    expect(events[8]?.payload).toMatchObject({ turns: 2, tool_calls: 2, tokens: 460 })

    const lines = transcriptLines(events)
    expect(lines).toHaveLength(events.length)
    for (const line of lines) expect(line).not.toContain('\n')
    expect(lines[0]).toMatch(/started anthropic:claude-x$/)
    expect(lines[1]).toMatch(/→ turn 1: Ticket T-\d+/)
    expect(lines[2]).toMatch(/← turn 1 \(100\+20 tokens.*\): Look at m2\. \[member_log\]$/)
    expect(lines[3]).toContain('tool member_log {"member":"m2"}')
    expect(lines[4]).toMatch(/→ turn 2: \[result \d+ chars\]$/)
    expect(lines[5]).toMatch(/← turn 2 \(300\+40 tokens.*\): It exited\. Restart it\. \[propose_plan\]$/)
    expect(lines[7]).toMatch(/plan verified: <untrusted-data-/)
    expect(lines[8]).toMatch(/ended .*"turns":2/)
    // Another ticket's conversation is not in this one's transcript.
    expect(transcript(t.store, 'T-999')).toEqual([])

    // The agent's output (what a run's recording keeps) carries the same conversation, redacted.
    const out = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>)
    const brainOut = out.filter((l) => String(l.event).startsWith('brain.') && l.event !== 'brain.text')
    expect(brainOut.map((l) => l.event)).toEqual(events.map((e) => e.type))
    expect(brainOut[1]).toMatchObject({ turn: 1, message: { role: 'user' } })
    expect(brainOut[1]?.msg).toBeUndefined()
    expect(brainOut[3]).toMatchObject({ tool: 'member_log', result: expect.stringContaining('peer auth failed') })
    expect(out.find((l) => l.event === 'brain.text' && l.turn === 2)).toMatchObject({
      msg: 'model: It exited. Restart it.',
      text: 'It exited.\nRestart it.',
    })
    expect(t.logs.join('')).not.toContain(SECRET)
  })

  it('names the model turn that proposed a proposal, by its step, action and params', async () => {
    const two = {
      steps: [
        { action: 'restart_member', params: { member: 'm2' } },
        { action: 'move_leader', params: { to: 'm1' } },
      ],
      rationale: 'restart m2, then move the leader back',
      evidence: {},
    }
    const t = setup({
      turns: [
        reply([say('Restart m2.'), use('propose_plan', PLAN)]),
        reply([say('Restart m2,\nthen move the leader.'), use('propose_plan', two)]),
      ],
    })
    const session = t.open()
    const proposal = (step: number, action: string, params: Record<string, unknown>, steps = 1) =>
      t.store.createProposal({
        ticket_id: t.ticket.id,
        run_id: 'run-1',
        attempt: 0,
        step,
        steps,
        action,
        params,
        risk: 'medium',
        tier: 2,
        rationale: 'r',
        created_by: 'agent-1',
      })
    // Before any model turn, and for a playbook's plan: none.
    expect(proposingTurn(t.store, proposal(0, 'restart_member', { member: 'm2' }))).toBeNull()
    await session.next(signal())
    t.clock.advance(1000)
    const first = proposal(0, 'restart_member', { member: 'm2' })
    expect(proposingTurn(t.store, first)).toEqual({ turn: 1, model: MODEL, text: 'Restart m2.' })
    session.report({ kind: 'verify_failed', reason: 'still down', proposal_id: first.id })
    await session.next(signal())
    t.clock.advance(1000)
    // The same first step again: the latest turn before it was created.
    expect(proposingTurn(t.store, proposal(0, 'restart_member', { member: 'm2' }, 2))).toMatchObject({ turn: 2 })
    expect(proposingTurn(t.store, first)).toMatchObject({ turn: 1 })
    expect(proposingTurn(t.store, proposal(1, 'move_leader', { to: 'm1' }, 2))).toEqual({
      turn: 2,
      model: MODEL,
      text: 'Restart m2, then move the leader.',
    })
    expect(proposingTurn(t.store, proposal(1, 'move_leader', { to: 'm3' }, 2))).toBeNull()
    expect(proposingTurn(t.store, proposal(0, 'move_leader', { to: 'm1' }, 2))).toBeNull()
  })

  it('shows the proposing turn in `operator proposal ID`, and null for a playbook plan', async () => {
    const t = setup({ turns: [reply([say('m2 exited:\n restart it.'), use('propose_plan', PLAN)])] })
    const create = (params: Record<string, unknown>) =>
      t.store.createProposal({
        ticket_id: t.ticket.id,
        run_id: 'run-1',
        attempt: 0,
        step: 0,
        steps: 1,
        action: 'restart_member',
        params,
        risk: 'medium',
        tier: 2,
        rationale: 'r',
        created_by: 'agent-1',
      })
    await t.open().next(signal())
    const byModel = proposalView(t.store, create({ member: 'm2' }).id)
    expect(byModel.brain_turn).toEqual({ turn: 1, model: MODEL, text: 'm2 exited: restart it.' })
    expect(renderProposal(byModel).split('\n')).toContain(
      '  proposed by   model claude-x, turn 1: m2 exited: restart it.',
    )
    const byPlaybook = proposalView(t.store, create({ member: 'm3' }).id)
    expect(byPlaybook.brain_turn).toBeNull()
    expect(renderProposal(byPlaybook)).not.toContain('proposed by')
  })
})
