/**
 * The agent on a real ratelimiter run (Redis, Sentinel, three apps; monitor
 * and agent as processes): the kill switch stops a plan waiting for a person
 * and keeps the loop stopped until execute mode is chosen again; the model
 * brain, talking to the scripted model on 127.0.0.1, reads a dead app's log,
 * is offered this subject's actions (not etcd's) and repairs through the gate.
 * Nothing is left running afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeLlm, startFakeLlm } from '../fixtures/fake-llm.js'
import { createOperatorEnv, type OperatorChild, type OperatorEnv, waitFor } from '../fixtures/operator-env.js'
import { alive, processesUnder } from '../fixtures/processes.js'

const RL = ['--subject', 'ratelimiter']
const MONITOR = ['monitor', ...RL, '--interval', '300']
const AGENT = ['agent', ...RL, '--settle', '800']

let fake: FakeLlm
beforeAll(async () => {
  fake = await startFakeLlm()
})
afterAll(() => fake.close())

interface Member {
  name: string
  pid: number | null
  state: string
}

const members = async (op: OperatorEnv) =>
  (await op.cliJson<{ members: Member[] }>(['cluster', 'status', ...RL])).members

/**
 * Stops the monitor and agent first (as a person would: an agent still running
 * repairs what `cluster down` just stopped), then the run, and checks that no
 * member process it ever had (those restarted too) is alive, nor any process
 * working in its home.
 */
async function expectAllStopped(op: OperatorEnv, started: Member[], children: OperatorChild[]): Promise<void> {
  await Promise.all(children.map((c) => c.stop()))
  const pids = [...started, ...(await members(op))].map((m) => m.pid).filter((p): p is number => p !== null)
  expect(new Set(pids).size).toBeGreaterThanOrEqual(10)
  expect((await op.cli(['cluster', 'down', ...RL])).exitCode).toBe(0)
  await waitFor('every member process gone', () => pids.every((p) => !alive(p)), 10_000)
  expect(processesUnder(op.home)).toEqual([])
}

describe('the agent on a real ratelimiter run', () => {
  it('kill switch: cancels the plan waiting for a person, aborts the task, and nothing runs until execute mode', async () => {
    const op = createOperatorEnv({ subject: 'ratelimiter' })
    await op.clusterUp()
    const started = await members(op)
    const children = [
      op.spawn('monitor', MONITOR),
      op.spawn('agent', AGENT, { OPERATOR_SAFETY_MODE: 'execute', OPERATOR_APPROVAL_MODE: 'manual' }),
    ]
    expect((await op.cli(['fault', 'kill_app', ...RL, '--target', 'a2'])).exitCode).toBe(0)
    const store = op.store()
    const pending = await waitFor('a restart waiting for a person', () =>
      store.proposals({ status: ['awaiting_approval'] }).find((p) => p.action === 'restart_app_node'),
    )
    expect(pending.params).toEqual({ member: 'a2' })

    const report = await op.cliJson<Record<string, unknown>>(['kill'])
    expect(report).toMatchObject({
      proposals_cancelled: 1,
      agents_signalled: 1,
      tasks_aborted: 1,
      safety_mode: 'observe',
    })
    const late = await op.cli(['approve', pending.id, '--as', 'alice'])
    expect(late.exitCode).not.toBe(0)
    await new Promise((r) => setTimeout(r, 2500))
    expect(store.events({ types: ['proposal.executing'] })).toHaveLength(0)
    expect((await members(op)).find((m) => m.name === 'a2')?.state).toBe('exited')

    // Only an explicit `operator mode execute` brings the loop back, and then it repairs.
    expect((await op.cli(['mode', 'execute', '--approval', 'auto', '--as', 'alice'])).exitCode).toBe(0)
    await waitFor('a2 repaired', () => store.events({ types: ['proposal.verified'] }).length > 0, 90_000)
    expect((await members(op)).find((m) => m.name === 'a2')?.state).toBe('running')
    await expectAllStopped(op, started, children)
  })

  it('model brain: reads the dead app’s log, plans with the ratelimiter’s actions, and the ticket resolves', async () => {
    const op = createOperatorEnv({ subject: 'ratelimiter' })
    await op.clusterUp()
    const started = await members(op)
    fake.requests.length = 0
    fake.script([
      { text: 'What may I do here?', tool_calls: [{ name: 'action_catalogue', input: {} }] },
      { text: 'a3 is down; reading its log.', tool_calls: [{ name: 'member_log', input: { member: 'a3' } }] },
      {
        text: 'Its process is gone: restart it.',
        tool_calls: [
          {
            name: 'propose_plan',
            input: { steps: [{ action: 'restart_app_node', params: { member: 'a3' } }], rationale: 'a3 exited' },
          },
        ],
      },
    ])
    expect((await op.cli(['fault', 'kill_app', ...RL, '--target', 'a3'])).exitCode).toBe(0)
    const children = [op.spawn('monitor', MONITOR)]
    children.push(
      op.spawn('agent', AGENT, {
        OPERATOR_SAFETY_MODE: 'execute',
        OPERATOR_APPROVAL_MODE: 'auto',
        OPERATOR_BRAIN: 'llm',
        OPERATOR_LLM_PROVIDER: 'openai',
        OPERATOR_LLM_MODEL: 'gpt-test',
        OPERATOR_LLM_BASE_URL: fake.openaiUrl,
        OPENAI_API_KEY: 'sk-test-ratelimiter-0123456789abcdef',
      }),
    )
    const store = op.store()
    const ticket = await waitFor(
      "a3's ticket settled",
      () =>
        store
          .tickets()
          .find((t) => t.key === 'apps_healthy:a3' && (t.status === 'resolved' || t.status === 'escalated')),
      90_000,
    )
    expect(ticket.status).toBe('resolved')
    const proposals = store.proposals({ ticketId: ticket.id })
    expect(proposals.map((p) => [p.action, p.params.member, p.status])).toEqual([
      ['restart_app_node', 'a3', 'verified'],
    ])
    // The catalogue the model was given is this subject's.
    const catalogue = JSON.stringify(fake.requests[1]?.body)
    expect(catalogue).toContain('restart_app_node')
    expect(catalogue).toContain('sentinel_failover')
    expect(catalogue).not.toContain('restart_member')
    // The log came back as untrusted data.
    expect(JSON.stringify(fake.requests[2]?.body)).toMatch(/untrusted-data-[0-9a-f]{16} source=\\"member_log\\"/)
    await expectAllStopped(op, started, children)
  })
})
