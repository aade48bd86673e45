import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { proposalAt, ticketFor } from '../../test/fixtures/proposal-states.js'
import { createTempStore } from '../../test/fixtures/temp-store.js'
import type { Proposal } from '../core/records.js'
import { builtInPolicy, type LoadedPolicy } from '../safety/policy/load-policy.js'
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

/** A restart that failed with the decisive lines of the member's log (one carries a secret). */
function failedRestart(s: Scene, p: Proposal): Proposal {
  return s.move(p, 'failed', 'restart failed', {
    status: 'failed',
    summary: 'restart failed',
    error: 'failed to open database (/data/m2/member/snap/db): invalid database',
    details: {
      cause: 'data_dir',
      log_excerpt: ['{"level":"warn","msg":"starting etcd with password=hunter2"}', 'panic: invalid database'],
    },
  })
}

/** The codes of a proposal's own outcome and the missing agent; the modes' and governance's are in explain-golden.test.ts. */
const MINE = BLOCKING_CODES.slice(BLOCKING_CODES.indexOf('superseded'))

const SCENES: Partial<Record<BlockingCode, { expect: BlockingCode[]; build: (s: Scene) => Proposal }>> = {
  superseded: {
    expect: ['superseded'],
    build: (s) => s.move(proposalAt(s.store, s.ticket, 'validated'), 'superseded', 'members_healthy:m2 went away'),
  },
  cancelled: {
    expect: ['cancelled'],
    build: (s) => {
      s.execute()
      return s.move(proposalAt(s.store, s.ticket, 'awaiting_approval'), 'cancelled', 'run ended')
    },
  },
  expired: {
    expect: ['expired'],
    build: (s) => s.move(proposalAt(s.store, s.ticket, 'awaiting_approval'), 'expired', 'no decision within 1800 s'),
  },
  invalid: {
    expect: ['invalid'],
    build: (s) =>
      s.move(proposalAt(s.store, s.ticket, 'proposed'), 'invalid', 'member: m9 is not a member of this cluster'),
  },
  refused: {
    expect: ['refused'],
    build: (s) => {
      s.execute()
      s.agent()
      const p = proposalAt(s.store, s.ticket, 'approved')
      const payload = { proposal_id: p.id, reason: 'proposal content does not match its content hash' }
      s.store.append({ run_id: 'run-1', actor: 'agent-a', type: 'execution.refused', payload })
      return p
    },
  },
  failed: {
    expect: ['failed'],
    build: (s) => {
      s.execute()
      return failedRestart(s, proposalAt(s.store, s.ticket, 'executing'))
    },
  },
  verify_failed: {
    expect: ['verify_failed'],
    build: (s) => {
      s.execute()
      return s.move(
        proposalAt(s.store, s.ticket, 'executed'),
        'verify_failed',
        'members_healthy:m2 still violated after 15 s',
      )
    },
  },
  interrupted: {
    expect: ['interrupted'],
    build: (s) => {
      s.execute()
      return s.move(proposalAt(s.store, s.ticket, 'executing'), 'interrupted', 'agent agent-a is gone')
    },
  },
  awaiting_agent: {
    expect: ['awaiting_agent'],
    build: (s) => {
      s.execute()
      return proposalAt(s.store, s.ticket, 'approved')
    },
  },
  none: {
    expect: ['none'],
    build: (s) => {
      s.execute()
      return proposalAt(s.store, s.ticket, 'verified')
    },
  },
}

describe('explain golden files: the outcome codes', () => {
  it('has a scene here for every outcome code', () => {
    expect(Object.keys(SCENES).sort()).toEqual([...MINE].sort())
  })

  for (const code of MINE) {
    it(`explains a proposal blocked by ${code}`, () => {
      const c = SCENES[code]
      if (!c) throw new Error(`no scene for ${code}`)
      const s = scene()
      const e = Explanation.parse(explain(s.deps, c.build(s).id))
      if (e.kind !== 'proposal') throw new Error('expected a proposal explanation')
      expect(e.reasons.map((r) => r.code)).toEqual(c.expect)
      expect(JSON.stringify(e)).not.toContain('hunter2')
      golden(DIR, code, e, explainText(e))
    })
  }
})
