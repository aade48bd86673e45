/**
 * A plan from outside the agent goes the agent's way: validated like its
 * own, waiting for a person in manual mode, executed by the agent only after
 * the approval, and the ticket resolved once verified.
 */
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { RESTART_MEMBER } from '../../subjects/etcd/actions/restart-member.js'
import { createEtcdChecker } from '../../subjects/etcd/checker.js'
import type { EtcdObservation } from '../../subjects/etcd/observation.js'
import { etcdPlaybook } from '../../subjects/etcd/playbook.js'
import { etcdRiskFactors } from '../../subjects/etcd/risk-factors.js'
import { createObservation, downMember, upMember } from '../../test/fixtures/etcd-observation.js'
import { TEST_KEY } from '../../test/fixtures/proposal-states.js'
import { createTempStore, createViolation } from '../../test/fixtures/temp-store.js'
import { type AgentContext, DEFAULT_AGENT_SETTINGS } from '../agent/context.js'
import { claimExternalPlan, runExternalPlan } from '../agent/run-external.js'
import type { ActionDefinition, Subject } from '../core/subject.js'
import { createLogger } from '../log/logger.js'
import { recordApproval } from '../safety/approvals.js'
import { builtInPolicy } from '../safety/policy/load-policy.js'
import { type ProposeDeps, proposePlan } from './propose.js'

const M2_DOWN = createObservation({ members: [upMember('m1'), downMember('m2'), upMember('m3')] })
const HEALTHY = createObservation()

function setUp() {
  const env = createTempStore()
  env.store.setModes({ safety: 'execute', approval: 'manual' }, 'test')
  let observation: EtcdObservation = M2_DOWN
  const ran: unknown[] = []
  const restart: ActionDefinition<unknown> = {
    ...(RESTART_MEMBER as ActionDefinition<unknown>),
    run: async (params) => {
      ran.push(params)
      observation = HEALTHY
      return { status: 'ok', summary: 'restarted m2' }
    },
  }
  const subject = {
    name: 'etcd',
    run_id: 'run-1',
    observe: async () => observation,
    checker: createEtcdChecker(),
    actions: [restart],
    faults: [],
    playbook: etcdPlaybook,
    summarize: () => '',
    riskFactors: etcdRiskFactors,
    close: async () => undefined,
  } as unknown as Subject
  const logger = createLogger('test', new Writable({ write: (_c, _e, done) => done() }))
  const deps: ProposeDeps = {
    store: env.store,
    home: '/nonexistent',
    policy: builtInPolicy(),
    clock: env.clock,
    subject,
    logger,
    key: () => TEST_KEY,
  }
  const agent: AgentContext = {
    agentId: 'agent-1',
    governance: { policy: builtInPolicy(), key: () => TEST_KEY },
    subject,
    store: env.store,
    clock: env.clock,
    logger,
    settings: DEFAULT_AGENT_SETTINGS,
  }
  const violation = createViolation({ key: 'members_healthy:m2', target: 'm2' })
  const ticket = env.store.upsertViolation('run-1', 'etcd', violation, 'monitor').ticket
  return { ...env, deps, agent, ticket, ran }
}

const restartM2 = (ticketId: string, steps = [{ action: 'restart_member', params: { member: 'm2' } }]) => ({
  ticketId,
  steps,
  rationale: 'm2 exited; restart it',
  evidence: { seen: 'members_healthy:m2' },
  createdBy: 'mcp:test-client',
})
const live = new AbortController().signal

describe('proposing a plan from outside the agent', () => {
  it('waits for a person in manual mode, then the agent executes it and the ticket resolves', async () => {
    const { deps, agent, ticket, ran, store } = setUp()
    const result = await proposePlan(deps, restartM2(ticket.id), live)
    const [step] = result.proposals
    expect(result).toMatchObject({ accepted: true, created_by: 'mcp:test-client', live_agents: 0 })
    expect(step).toMatchObject({
      status: 'awaiting_approval',
      command: `operator approve ${step?.proposal_id} --as NAME`,
    })
    expect(step?.waits_for).toMatch(/^awaiting approval by 1 person: operator approve P-1 --as NAME; then no agent/)
    expect(store.proposal('P-1').created_by).toBe('mcp:test-client')

    expect(claimExternalPlan(agent)).toBeNull()
    recordApproval(
      store,
      { proposalId: 'P-1', actor: 'alice', decision: 'approve', comment: null, runId: 'run-1' },
      TEST_KEY,
    )
    const pick = claimExternalPlan(agent)
    expect(pick?.ticket).toMatchObject({ id: ticket.id, status: 'in_progress', claimed_by: 'agent-1' })
    expect(pick && (await runExternalPlan(agent, pick, live))).toBe('resolved')
    expect(ran).toEqual([{ member: 'm2', until: 'serving' }])
    expect(store.proposal('P-1').status).toBe('verified')
    expect(store.ticket(ticket.id).status).toBe('resolved')
    expect(store.verifyChain().ok).toBe(true)
  })

  it('validates like the agent: a step on a healthy member is invalid and the plan is refused whole', async () => {
    const { deps, ticket, store } = setUp()
    const plan = restartM2(ticket.id, [
      { action: 'restart_member', params: { member: 'm2' } },
      { action: 'restart_member', params: { member: 'm1' } },
    ])
    const result = await proposePlan(deps, plan, live)
    expect(result.accepted).toBe(false)
    expect(result.refused).toMatch(/^step 2 \(restart_member\) is invalid: m1 is healthy/)
    expect(store.proposals().map((p) => p.status)).toEqual(['cancelled', 'invalid'])
  })

  it('records what observe mode would do, and nothing waits', async () => {
    const { deps, ticket, store } = setUp()
    store.setModes({ safety: 'observe' }, 'test')
    const result = await proposePlan(deps, restartM2(ticket.id), live)
    expect(result.proposals[0]).toMatchObject({ status: 'observed', command: null })
  })

  it('refuses an unknown ticket, a resolved one and a plan without steps, each with the fix', async () => {
    const { deps, ticket, store } = setUp()
    await expect(proposePlan(deps, restartM2('T-99'), live)).rejects.toThrow(/no ticket T-99/)
    await expect(proposePlan(deps, restartM2(ticket.id, []), live)).rejects.toMatchObject({
      category: 'usage',
      message: 'the plan has no steps',
    })
    store.resolveAbsent('run-1', new Set(), 'monitor')
    await expect(proposePlan(deps, restartM2(ticket.id), live)).rejects.toMatchObject({
      category: 'conflict',
      fix: expect.stringMatching(/open or escalated/),
    })
  })
})
