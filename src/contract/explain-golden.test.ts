import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { proposalAt, TEST_KEY, ticketFor } from '../../test/fixtures/proposal-states.js'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import type { Proposal } from '../core/records.js'
import { recordApproval } from '../safety/approvals.js'
import { engageKillSwitch } from '../safety/kill-switch.js'
import { evaluatePolicy } from '../safety/policy/evaluate-policy.js'
import { builtInPolicy, checkPolicyText, type LoadedPolicy } from '../safety/policy/load-policy.js'
import { assessRisk } from '../safety/risk.js'
import { revokeTokens } from '../safety/tokens.js'
import { BLOCKING_CODES, type BlockingCode } from './blocking-codes.js'
import { explain, explainText } from './explain.js'
import { Explanation } from './explain-schema.js'

const DIR = fileURLToPath(new URL('../../test/golden/explain/', import.meta.url))

/** Compares (or with UPDATE_GOLDEN=1 rewrites) `<name>.json` and `<name>.txt`. */
function golden(dir: string, name: string, value: unknown, text: string): void {
  const json = `${JSON.stringify(value, null, 2)}\n`
  const files = { json: join(dir, `${name}.json`), txt: join(dir, `${name}.txt`) }
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dir, { recursive: true })
    writeFileSync(files.json, json)
    writeFileSync(files.txt, `${text}\n`)
  }
  expect(json, `${files.json} (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(files.json, 'utf8'))
  expect(`${text}\n`, `${files.txt} (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(files.txt, 'utf8'))
}

const DENY_POLICY = checkPolicyText(
  'rules:\n  - id: no-restarts\n    match: { action: restart_member }\n    decision: deny\ndefault: require_approval\n',
  'deny-restarts.yaml',
)

function scene(policy: LoadedPolicy = builtInPolicy()) {
  const { store, clock, path } = createTempStore()
  const ticket = ticketFor(store)
  const s = {
    store,
    clock,
    deps: { store, home: dirname(path), policy, clock },
    ticket,
    execute: () => store.setModes({ safety: 'execute', explicit: true }, 'alice'),
    agent: () => store.registerAgent({ id: 'agent-a', pid: 4242, subject: 'etcd', runId: 'run-1' }),
    move: (p: Proposal, to: Proposal['status'], reason: string, result?: Record<string, unknown>) =>
      store.transition(p.id, p.version, to, {
        actor: 'agent-a',
        runId: 'run-1',
        reason,
        ...(result ? { result } : {}),
      }),
  }
  return s
}
type Scene = ReturnType<typeof scene>

/** A restart proposal validated under `policy` with this risk assessment, then moved on by `to`. */
function governed(s: Scene, policy: LoadedPolicy, deny: boolean, to: (p: Proposal) => Proposal): Proposal {
  const p = proposalAt(s.store, s.ticket, 'proposed')
  const facts = {
    action: 'restart_member',
    kind: 'subject' as const,
    subject: 'etcd',
    risk: 'medium' as const,
    tier: 2 as const,
  }
  const risk = assessRisk({
    base: 'medium',
    action: 'restart_member',
    params: p.params,
    paramFactors: [],
    recent: [],
    now: 0,
  })
  const risk_assessment = deny
    ? {
        ...risk,
        session_score: 95,
        session_factors: ['4 executions in 10 min', 'restart_member repeated 3 times'],
        deny: true,
      }
    : risk
  const validated = s.store.transition(p.id, p.version, 'validated', {
    actor: 'agent-a',
    runId: 'run-1',
    governance: { policy: evaluatePolicy(policy, facts), risk_assessment },
  })
  return to(validated)
}

/** The modes' and governance's codes; the outcomes' are in explain-golden-outcomes.test.ts. */
const MINE = BLOCKING_CODES.slice(0, BLOCKING_CODES.indexOf('superseded'))

const SCENES: Partial<Record<BlockingCode, { expect: BlockingCode[]; build: (s: Scene) => Proposal }>> = {
  kill_switch_latched: {
    expect: ['kill_switch_latched', 'observe_mode', 'cancelled'],
    build: (s) => {
      s.execute()
      s.agent()
      const p = proposalAt(s.store, s.ticket, 'awaiting_approval')
      engageKillSwitch(s.store.db, 'alice', s.clock.now())
      return p
    },
  },
  observe_mode: {
    expect: ['observe_mode', 'needs_approvals'],
    build: (s) => {
      s.agent()
      return proposalAt(s.store, s.ticket, 'awaiting_approval')
    },
  },
  denied_by_policy: {
    expect: ['denied_by_policy'],
    build: (s) => governed(s, s.deps.policy, false, (p) => s.move(p, 'denied', 'denied by no-restarts')),
  },
  denied_by_risk: {
    expect: ['denied_by_risk'],
    build: (s) =>
      governed(s, builtInPolicy(), true, (p) =>
        s.move(p, 'denied', 'session risk score 95 is above the deny threshold'),
      ),
  },
  rejected: {
    expect: ['rejected'],
    build: (s) => {
      const p = proposalAt(s.store, s.ticket, 'awaiting_approval')
      const reject = { proposalId: p.id, actor: 'bob', decision: 'reject' as const, comment: 'not now', runId: 'run-1' }
      return recordApproval(s.store, reject, TEST_KEY)
    },
  },
  needs_approvals: {
    expect: ['needs_approvals'],
    build: (s) => {
      s.execute()
      s.agent()
      return proposalAt(s.store, s.ticket, 'awaiting_approval')
    },
  },
  token_expired: {
    expect: ['token_expired'],
    build: (s) => {
      s.execute()
      s.agent()
      const p = proposalAt(s.store, s.ticket, 'approved')
      s.clock.advance(6 * 60_000)
      s.store.heartbeat('agent-a')
      return p
    },
  },
  token_invalid: {
    expect: ['token_invalid'],
    build: (s) => {
      s.execute()
      s.agent()
      const p = proposalAt(s.store, s.ticket, 'approved')
      revokeTokens(s.store.db, 'signature invalid', s.clock.now(), p.id)
      return p
    },
  },
}

describe('explain golden files: one per blocking code', () => {
  it('has a fixture for every blocking code, and a scene here for the modes and governance', () => {
    expect(Object.keys(SCENES).sort()).toEqual([...MINE].sort())
    if (process.env.UPDATE_GOLDEN === '1') return
    const missing = BLOCKING_CODES.filter(
      (c) => !existsSync(join(DIR, `${c}.json`)) || !existsSync(join(DIR, `${c}.txt`)),
    )
    expect(missing, 'run with UPDATE_GOLDEN=1 to write them').toEqual([])
  })

  for (const code of MINE) {
    it(`explains a proposal blocked by ${code}`, () => {
      const c = SCENES[code]
      if (!c) throw new Error(`no scene for ${code}`)
      const s = scene(code === 'denied_by_policy' && DENY_POLICY.ok ? DENY_POLICY.loaded : builtInPolicy())
      const p = c.build(s)
      const e = Explanation.parse(explain(s.deps, p.id))
      if (e.kind !== 'proposal') throw new Error('expected a proposal explanation')
      expect(e.reasons.map((r) => r.code)).toEqual(c.expect)
      expect(JSON.stringify(e)).not.toContain('hunter2')
      golden(DIR, code, e, explainText(e))
    })
  }
})
