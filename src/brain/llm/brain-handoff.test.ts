/**
 * The model brain hands off at the end of each ticket's session: closing a
 * session records a `session.handoff` by the agent, naming the ticket, the
 * outcome the brain last heard and what the conversation cost; a failure to
 * record it is a log line, never an error out of close().
 */
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createTempStore, createViolation } from '../../../test/fixtures/temp-store.js'
import type { BaseObservation, Subject } from '../../core/subject.js'
import { createLogger } from '../../log/logger.js'
import { stateDigest } from '../../store/state-digest.js'
import { writeBrainHandoff } from './brain-handoff.js'
import { DEFAULT_BUDGET } from './budget.js'
import { llmBrain } from './llm-brain.js'
import type { ModelClient, ModelResponse } from './model-client.js'

const VIOLATION = createViolation()
const OBSERVATION: BaseObservation = { subject: 'etcd', run_id: 'run-1', at: 0, duration_ms: 0 }
const PLAN = { steps: [{ action: 'restart_member', params: { member: 'm2' } }], rationale: 'restart m2', evidence: {} }

function setup(turns: ModelResponse[]) {
  const env = createTempStore()
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
  const client: ModelClient = {
    provider: 'anthropic',
    model: 'claude-x',
    complete: async () => {
      const turn = turns.shift()
      if (!turn) throw new Error('no scripted turn left')
      return turn
    },
  }
  const subject = {
    name: 'etcd',
    run_id: 'run-1',
    actions: [],
    playbook: { candidates: () => [] },
    summarize: () => 'm2 exited',
  } as unknown as Subject
  const deps = { subject, store: env.store, client, clock: env.clock, logger, actor: 'agent-1' }
  const brain = llmBrain({ ...deps, budget: DEFAULT_BUDGET, fallback: 'escalate' })
  const { ticket } = env.store.upsertViolation('run-1', 'etcd', VIOLATION, 'monitor-1')
  const open = () => brain.open({ ticket, violation: VIOLATION, observation: OBSERVATION })
  return { ...env, deps, logs, ticket, open }
}

const planTurn: ModelResponse = {
  content: [{ type: 'tool_use', id: 'toolu_1', name: 'propose_plan', input: PLAN }],
  usage: { input_tokens: 300, output_tokens: 40 },
  stop_reason: 'tool_use',
  model: 'claude-x',
}

describe("the model brain's handoff", () => {
  it('is recorded when a session closes: the ticket, the outcome it last heard, tool calls and tokens', async () => {
    const t = setup([planTurn])
    const session = t.open()
    expect((await session.next(new AbortController().signal)).kind).toBe('plan')
    session.report({ kind: 'failed', reason: 'restart refused', proposal_id: 'P-1' })
    const before = stateDigest(t.store, null)
    await session.close()

    const [h] = t.store.handoffs()
    expect(h).toMatchObject({ handoff_id: 'H-1', by: 'agent-1', digest: before, drift: false, policy_digest: null })
    expect(h?.summary).toBe(
      `model brain on ${t.ticket.id} (${t.ticket.key}): last heard plan failed; ticket open; 1 turn(s), 1 tool call(s), 340 token(s)`,
    )
    expect(h?.tasks).toEqual([`${t.ticket.id} (${t.ticket.key}) is open`])
    expect(t.store.events().at(-1)).toMatchObject({ type: 'session.handoff', actor: 'agent-1', run_id: 'run-1' })
  })

  it('says so when the session heard no outcome', async () => {
    const t = setup([])
    await t.open().close()
    expect(t.store.handoffs()[0]?.unknowns).toEqual(['no plan outcome was reported to the model in this session'])
  })

  it('never throws: a failure to record is a log line', () => {
    const t = setup([])
    t.store.close()
    expect(() => writeBrainHandoff(t.deps, t.ticket, { turns: 0, tool_calls: 0, tokens: 0 })).not.toThrow()
    expect(t.logs.join('')).toContain('brain.handoff_failed')
  })
})
