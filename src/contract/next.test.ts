import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { proposalAt, ticketFor } from '../../test/fixtures/proposal-states.js'
import { dropAppendOnly } from '../../test/fixtures/sql-dialect.js'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import type { ChildView } from '../core/run-events.js'
import { engageKillSwitch } from '../safety/kill-switch.js'
import { evaluatePolicy } from '../safety/policy/evaluate-policy.js'
import { builtInPolicy, checkPolicyText } from '../safety/policy/load-policy.js'
import { assessRisk } from '../safety/risk.js'
import { toRow } from '../store/recordings.js'
import { NEXT_ACTIONS, type NextActionName } from './common.js'
import { NextReport, nextStep, nextText } from './next.js'

const DIR = fileURLToPath(new URL('../../test/golden/next/', import.meta.url))
const SOURCE = readFileSync(fileURLToPath(new URL('./next.ts', import.meta.url)), 'utf8')
/** Every action next.ts can recommend, read from its source: each needs a scene and a fixture. */
const PRODUCED = [...SOURCE.matchAll(/step\(\s*'([a-z_]+)'/g)].map((m) => m[1] as NextActionName)

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
  return {
    store,
    clock,
    deps: { store, home: dirname(path), policy: builtInPolicy(), clock },
    up: () => store.append({ run_id: 'run-1', actor: 'cli', type: 'cluster.up', payload: { run_id: 'run-1' } }),
    execute: () => store.setModes({ safety: 'execute', explicit: true }, 'alice'),
    agent: () => store.registerAgent({ id: 'agent-a', pid: 4242, subject: 'etcd', runId: 'run-1' }),
    claim: () => store.claimTicket({ runId: 'run-1', agentId: 'agent-a', staleBefore: 0, executeMode: true }),
  }
}
type Setup = ReturnType<typeof setup>

/** Up, in execute mode, with a live agent: the usual state of a run. */
function running(s: Setup) {
  s.up()
  s.execute()
  s.agent()
}

const DENY = checkPolicyText(
  'rules:\n  - id: no-restarts\n    match: { action: restart_member }\n    decision: deny\n',
  'deny.yaml',
)

const SCENES: Partial<Record<NextActionName, (s: Setup) => void>> = {
  verify_audit: (s) => {
    running(s)
    dropAppendOnly(s.store.db)
    s.store.db.exec("UPDATE events SET actor = 'mallory' WHERE seq = 2")
  },
  release_kill_switch: (s) => {
    running(s)
    engageKillSwitch(s.store.db, 'alice', s.clock.now())
  },
  start_cluster: () => undefined,
  approve_proposal: (s) => {
    running(s)
    proposalAt(s.store, ticketFor(s.store), 'awaiting_approval')
  },
  resume_execute_mode: (s) => {
    s.up()
    s.agent()
    ticketFor(s.store)
  },
  start_agent: (s) => {
    s.up()
    s.execute()
    ticketFor(s.store)
  },
  investigate_escalation: (s) => {
    running(s)
    const t = ticketFor(s.store)
    s.claim()
    s.store.finishTicket(t.id, 'agent-a', 'escalated', 'no plan repaired members_healthy:m2', 'candidates_exhausted')
  },
  review_policy_patch: (s) => {
    running(s)
    const t = ticketFor(s.store)
    s.claim()
    const p = proposalAt(s.store, t, 'proposed')
    if (!DENY.ok) throw new Error('bad test policy')
    const facts = { action: 'restart_member', kind: 'subject', subject: 'etcd', risk: 'medium', tier: 2 } as const
    const risk_assessment = assessRisk({
      base: 'medium',
      action: p.action,
      params: p.params,
      paramFactors: [],
      recent: [],
      now: 0,
    })
    const governance = { policy: evaluatePolicy(DENY.loaded, facts), risk_assessment }
    const v = s.store.transition(p.id, p.version, 'validated', { actor: 'agent-a', runId: 'run-1', governance })
    s.store.transition(v.id, v.version, 'denied', { actor: 'agent-a', runId: 'run-1', reason: 'denied by no-restarts' })
  },
  wait: (s) => {
    running(s)
    ticketFor(s.store)
    s.claim()
  },
  restart_child: (s) => {
    running(s)
    // A supervised run whose monitor died: its recording's last word on the child.
    const run = s.store.beginRun({ id: 'run-1', kind: 'demo', subject: 'etcd', started_at: s.clock.now(), meta: {} })
    const view: ChildView = {
      name: 'monitor',
      status: 'dead',
      pid: null,
      exit_code: 1,
      last_stderr: ['etcd unreachable'],
      restarts: 0,
    }
    s.store.appendRecording(run, [toRow({ seq: 0, at: s.clock.now(), kind: 'child', view })])
  },
  export_audit: (s) => {
    running(s)
    const p = proposalAt(s.store, ticketFor(s.store), 'verified')
    s.store.resolveAbsent('run-1', new Set(), 'monitor')
    s.store.append({ run_id: 'run-1', actor: 'cli', type: 'cluster.down', payload: { proposal: p.id } })
  },
  none: (s) => {
    running(s)
    ticketFor(s.store)
    s.store.resolveAbsent('run-1', new Set(), 'monitor')
  },
}

describe('next: one recommended step, by a fixed priority', () => {
  it('has a scene and a golden fixture for every action it can recommend', () => {
    expect(PRODUCED.length).toBeGreaterThan(5)
    for (const action of PRODUCED) expect(NEXT_ACTIONS).toContain(action)
    expect(Object.keys(SCENES).sort()).toEqual([...new Set(PRODUCED)].sort())
    if (process.env.UPDATE_GOLDEN === '1') return
    const missing = PRODUCED.filter((a) => !existsSync(join(DIR, `${a}.json`)) || !existsSync(join(DIR, `${a}.txt`)))
    expect(missing, 'run with UPDATE_GOLDEN=1 to write them').toEqual([])
  })

  for (const action of Object.keys(SCENES) as NextActionName[]) {
    it(`recommends ${action}`, () => {
      const s = setup()
      SCENES[action]?.(s)
      const report = NextReport.parse(nextStep(s.deps))
      expect(report.action).toBe(action)
      golden(action, report, nextText(report))
    })
  }

  it('leaves no next action without a golden fixture: here, or as the next action of an error', () => {
    const errors = fileURLToPath(new URL('../../test/golden/errors/', import.meta.url))
    const inErrors = readdirSync(errors)
      .filter((f) => f.endsWith('.json'))
      .map(
        (f) =>
          (JSON.parse(readFileSync(join(errors, f), 'utf8')) as { error: { next_action: string } }).error.next_action,
      )
    const covered = new Set([...PRODUCED, ...inErrors])
    expect(NEXT_ACTIONS.filter((a) => !covered.has(a))).toEqual([])
  })

  it('puts the kill switch before a proposal waiting for a person', () => {
    const s = setup()
    running(s)
    const p = proposalAt(s.store, ticketFor(s.store), 'awaiting_approval')
    expect(nextStep(s.deps).action).toBe('approve_proposal')
    expect(nextStep(s.deps).command).toBe(`operator approve ${p.id} --as NAME`)
    engageKillSwitch(s.store.db, 'alice', s.clock.now())
    expect(nextStep(s.deps, 'run-1').action).toBe('release_kill_switch')
  })
})
