import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { proposalAt, ticketFor } from '../../test/fixtures/proposal-states.js'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import { escalationEvidence, failedAttempt } from '../agent/escalation.js'
import { OperatorError } from '../core/errors.js'
import { engageKillSwitch } from '../safety/kill-switch.js'
import { builtInPolicy } from '../safety/policy/load-policy.js'
import { type BlockingReason, inTriageOrder } from './blocking-codes.js'
import { explain, explainText } from './explain.js'
import { Explanation } from './explain-schema.js'

const DIR = fileURLToPath(new URL('../../test/golden/explain/', import.meta.url))

function golden(name: string, value: unknown, text: string): void {
  const files = { json: join(DIR, `${name}.json`), txt: join(DIR, `${name}.txt`) }
  const json = `${JSON.stringify(value, null, 2)}\n`
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(DIR, { recursive: true })
    writeFileSync(files.json, json)
    writeFileSync(files.txt, `${text}\n`)
  }
  expect(json, `${files.json} (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(files.json, 'utf8'))
  expect(`${text}\n`, `${files.txt} (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(files.txt, 'utf8'))
}

function setup() {
  const { store, clock, path } = createTempStore()
  const deps = { store, home: dirname(path), policy: builtInPolicy(), clock }
  const agent = () => store.registerAgent({ id: 'agent-a', pid: 4242, subject: 'etcd', runId: 'run-1' })
  return { store, clock, deps, agent, execute: () => store.setModes({ safety: 'execute', explicit: true }, 'alice') }
}

/** T-1 escalated after its restart failed: the agent's own escalation evidence, with a log line carrying a secret. */
function escalatedTicket(s: ReturnType<typeof setup>) {
  s.execute()
  s.agent()
  const ticket = ticketFor(s.store)
  s.store.claimTicket({ runId: 'run-1', agentId: 'agent-a', staleBefore: 0, executeMode: true })
  const executing = proposalAt(s.store, ticket, 'executing')
  const result = {
    status: 'failed',
    summary: 'restart failed',
    error: 'failed to open database (/data/m2/member/snap/db): invalid database',
    details: { cause: 'data_dir', log_excerpt: ['starting etcd --password hunter2', 'panic: invalid database'] },
  }
  const failed = s.store.transition(executing.id, executing.version, 'failed', {
    actor: 'agent-a',
    runId: 'run-1',
    reason: 'restart failed',
    result,
  })
  const reason = 'no plan repaired members_healthy:m2 after 1 attempt(s)'
  const advice = "m2's data dir is lost or corrupt: replace the member or restore its data dir from a snapshot"
  const evidence = escalationEvidence(reason, [failedAttempt('failed', failed, 'restart failed')], advice)
  s.store.finishTicket(ticket.id, 'agent-a', 'escalated', reason, 'candidates_exhausted', evidence)
  return { ticket, failed }
}

describe('explain', () => {
  it('lists every reason a proposal is blocked by, in triage order', () => {
    const s = setup()
    engageKillSwitch(s.store.db, 'alice', s.clock.now())
    const p = proposalAt(s.store, ticketFor(s.store), 'awaiting_approval')
    const e = explain(s.deps, p.id)
    if (e.kind !== 'proposal') throw new Error('expected a proposal')
    expect(e.blocked).toBe(true)
    expect(e.reasons.map((r) => r.code)).toEqual([
      'kill_switch_latched',
      'observe_mode',
      'needs_approvals',
      'awaiting_agent',
    ])
  })

  it('names the run, and the command that clears it, when the kill switch was pulled on that run alone', () => {
    const s = setup()
    s.execute()
    const p = proposalAt(s.store, ticketFor(s.store, 'run-2', 'members_healthy:m1'), 'awaiting_approval')
    engageKillSwitch(s.store.db, 'alice', s.clock.now(), 'run-2')
    const e = explain(s.deps, p.id)
    if (e.kind !== 'proposal') throw new Error('expected a proposal')
    const kill = e.reasons.find((r) => r.code === 'kill_switch_latched')
    expect(kill?.message).toMatch(
      /latched for run run-2 \(pulled by alice, seq \d+\): .*`operator mode execute --run run-2`/,
    )
    expect(e.reasons.map((r) => r.code)).toContain('observe_mode')
    // Another run's proposal is not blocked by it.
    const other = proposalAt(s.store, ticketFor(s.store, 'run-1', 'members_healthy:m3'), 'awaiting_approval')
    const o = explain(s.deps, other.id)
    if (o.kind !== 'proposal') throw new Error('expected a proposal')
    expect(o.reasons.map((r) => r.code)).not.toContain('kill_switch_latched')
  })

  it('sorts reasons found in any order into the triage order', () => {
    const r = (code: BlockingReason['code']): BlockingReason => ({ code, message: code, evidence: [] })
    const sorted = inTriageOrder([
      r('awaiting_agent'),
      r('needs_approvals'),
      r('kill_switch_latched'),
      r('observe_mode'),
    ])
    expect(sorted.map((x) => x.code)).toEqual([
      'kill_switch_latched',
      'observe_mode',
      'needs_approvals',
      'awaiting_agent',
    ])
  })

  it('explains an escalated ticket with its root cause, redacted excerpts and evidence', () => {
    const s = setup()
    const { ticket, failed } = escalatedTicket(s)
    const e = Explanation.parse(explain(s.deps, ticket.id))
    if (e.kind !== 'ticket') throw new Error('expected a ticket')
    expect(e.root_cause).toMatchObject({ code: 'candidates_exhausted', proposal_id: failed.id })
    expect(e.root_cause?.error).toMatch(/invalid database/)
    expect(e.root_cause?.excerpts).toContain('panic: invalid database')
    expect(JSON.stringify(e)).not.toContain('hunter2')
    expect(e.root_cause?.evidence.map((r) => r.type)).toEqual(
      expect.arrayContaining(['audit_seq', 'proposal', 'redacted_excerpt', 'verification']),
    )
    golden('ticket_escalated', e, explainText(e))
  })

  it('explains a run: its status and each ticket in one line', () => {
    const s = setup()
    s.store.append({ run_id: 'run-1', actor: 'cli', type: 'cluster.up', payload: { run_id: 'run-1', subject: 'etcd' } })
    escalatedTicket(s)
    const open = ticketFor(s.store, 'run-1', 'leader_preferred')
    proposalAt(s.store, open, 'awaiting_approval')
    const e = Explanation.parse(explain(s.deps, 'run-1'))
    if (e.kind !== 'run') throw new Error('expected a run')
    expect(e.status).toBe('running')
    expect(e.tickets.map((t) => [t.id, t.status, t.codes])).toEqual([
      ['T-1', 'escalated', ['failed']],
      ['T-2', 'open', ['needs_approvals']],
    ])
    golden('run', e, explainText(e))
  })

  it('refuses an unknown id with not_found and the fix', () => {
    const s = setup()
    for (const id of ['P-99', 'T-99', 'run-nope']) {
      const err = (() => {
        try {
          explain(s.deps, id)
        } catch (e) {
          return e
        }
      })()
      expect(err).toBeInstanceOf(OperatorError)
      expect((err as OperatorError).category).toBe('not_found')
      expect((err as OperatorError).fix).toMatch(/operator (proposals|tickets|runs list)/)
    }
  })
})
