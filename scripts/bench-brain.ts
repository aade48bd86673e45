/**
 * Brain overhead per ticket: the model brain's own time for one ticket's
 * conversation (prompt, tools, redaction, recording, parsing), excluding the
 * model's: the real Anthropic SDK against the scripted fake provider on
 * 127.0.0.1, a subject that answers at once, a real store. Each session reads
 * a member's log, then proposes a plan; model time is the time inside
 * `complete`, overhead is the rest.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_BUDGET } from '../src/brain/llm/budget.js'
import { llmBrain } from '../src/brain/llm/llm-brain.js'
import { createModelClient } from '../src/brain/llm/llm-settings.js'
import type { ModelClient } from '../src/brain/llm/model-client.js'
import { systemClock } from '../src/core/clock.js'
import type { Subject } from '../src/core/subject.js'
import { createLogger } from '../src/log/logger.js'
import { Store } from '../src/store/store.js'
import { startFakeLlm } from '../test/fixtures/fake-llm.js'
import { createViolation } from '../test/fixtures/temp-store.js'

const violation = createViolation()
const subject = {
  name: 'etcd',
  run_id: 'bench',
  observe: async () => ({ subject: 'etcd', run_id: 'bench', at: Date.now(), duration_ms: 1 }),
  summarize: () => 'm1 up, m2 down, m3 up; leader m1',
  checker: { check: () => [violation], evaluate: () => [violation] },
  actions: [],
  faults: [],
  playbook: { candidates: () => [] },
  logTail: async () => ['{"level":"warn","msg":"lost the tcp streaming connection with peer m1"}'],
  close: async () => undefined,
} as unknown as Subject

/** A client that measures the time spent inside the provider's calls. */
function timed(client: ModelClient, spent: { ms: number }): ModelClient {
  return {
    ...client,
    async complete(request, signal, onEvent) {
      const t0 = performance.now()
      try {
        return await client.complete(request, signal, onEvent)
      } finally {
        spent.ms += performance.now() - t0
      }
    },
  }
}

export async function benchBrain(runs: number): Promise<{ overhead_ms: number[]; model_ms: number[] }> {
  const fake = await startFakeLlm()
  const dir = mkdtempSync(join(tmpdir(), 'operator-bench-brain-'))
  const store = new Store(join(dir, 'operator.db'))
  const settings = {
    provider: 'anthropic' as const,
    model: 'claude-bench',
    baseUrl: fake.anthropicUrl,
    apiKey: 'bench',
    timeoutMs: 10_000,
  }
  const out = { overhead_ms: [] as number[], model_ms: [] as number[] }
  try {
    for (let i = 0; i < runs; i++) {
      const spent = { ms: 0 }
      const client = timed(createModelClient(settings), spent)
      const logger = createLogger('agent', { write: () => true } as never)
      const brain = llmBrain({
        subject,
        store,
        client,
        budget: DEFAULT_BUDGET,
        fallback: 'escalate',
        clock: systemClock,
        logger,
        actor: 'bench',
      })
      const ticket = store.upsertViolation('bench', 'etcd', violation, 'monitor').ticket
      fake.script([
        { text: 'Reading its log.', tool_calls: [{ name: 'member_log', input: { member: 'm2' } }] },
        {
          tool_calls: [
            {
              name: 'propose_plan',
              input: { steps: [{ action: 'restart_member', params: { member: 'm2' } }], rationale: 'm2 exited' },
            },
          ],
        },
      ])
      const t0 = performance.now()
      const session = brain.open({
        ticket,
        violation,
        observation: await subject.observe(new AbortController().signal),
      })
      const step = await session.next(new AbortController().signal)
      session.report({ kind: 'verified', reason: 'repaired', proposal_id: 'P-1' })
      await session.close()
      const total = performance.now() - t0
      if (step.kind !== 'plan') throw new Error(`bench-brain: expected a plan, got ${step.kind}`)
      store.resolveAbsent('bench', new Set(), 'monitor')
      out.overhead_ms.push(Math.round((total - spent.ms) * 100) / 100)
      out.model_ms.push(Math.round(spent.ms * 100) / 100)
    }
  } finally {
    store.close()
    await fake.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return out
}
