/**
 * Audit packages through the real CLI: a database prepared in a temp
 * OPERATOR_HOME with a full proposal history, `operator audit export` to a
 * file, `operator audit verify-package` on it (with and without the secret,
 * anchored in the database), and tampering with the file and with the log.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { anchorPath } from '../../src/config/home.js'
import { SimulatedClock } from '../../src/core/clock.js'
import { enableAnchoring } from '../../src/store/anchor-commit.js'
import { Store } from '../../src/store/store.js'
import { buildHistory, TEST_SECRET } from '../fixtures/audit-history.js'
import { createOperatorEnv } from '../fixtures/operator-env.js'

interface Report {
  ok: boolean
  checks: { id: string; status: string; reason: string }[]
}

/** A history written as the CLI writes it: with the token secret in OPERATOR_HOME and the head anchor on. */
function prepared() {
  const op = createOperatorEnv()
  const db = join(op.home, 'operator.db')
  writeFileSync(join(op.home, 'token.secret'), `${TEST_SECRET}\n`, { mode: 0o600 })
  const store = new Store(db, { clock: new SimulatedClock(1_700_000_000_000) })
  enableAnchoring(store.db, { path: anchorPath(db, op.home), secret: TEST_SECRET })
  const h = buildHistory(store, store.clock as SimulatedClock)
  store.close()
  return { op, db, h, file: join(op.home, `${h.proposalId}.audit.json`) }
}

const statuses = (r: Report) => Object.fromEntries(r.checks.map((c) => [c.id, c.status]))

describe('operator audit export and verify-package', () => {
  it('exports a package that verifies with the secret and anchors in the database', async () => {
    const { op, db, h, file } = prepared()
    const exported = await op.cli(['audit', 'export', h.proposalId, '--out', file, '--json'])
    expect(exported.exitCode, exported.stderr).toBe(0)
    expect(JSON.parse(exported.stdout)).toMatchObject({
      file,
      proposal_id: h.proposalId,
      binding_digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    expect(statSync(file).mode & 0o777).toBe(0o600)

    const verified = await op.cli(['audit', 'verify-package', file, '--json', '--db', db], {
      OPERATOR_TOKEN_SECRET: TEST_SECRET,
    })
    expect(verified.exitCode, verified.stdout).toBe(0)
    const report = JSON.parse(verified.stdout) as Report
    expect(report.ok).toBe(true)
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([])

    const text = await op.cli(['audit', 'verify-package', file], { OPERATOR_TOKEN_SECRET: TEST_SECRET })
    expect(text.exitCode).toBe(0)
    expect(text.stdout).toMatch(/^✔ schema/m)
    expect(text.stdout).toMatch(/^– chain_anchor .*--db/m)
    expect(text.stdout).toMatch(/intact, 1 check\(s\) skipped$/m)
  })

  it('skips the signature without a secret and fails it with a wrong secret file', async () => {
    const { op, h, file } = prepared()
    expect((await op.cli(['audit', 'export', h.proposalId, '--out', file])).exitCode).toBe(0)
    const without = await op.cli(['audit', 'verify-package', file])
    expect(without.exitCode).toBe(0)
    expect(without.stdout).toMatch(/^– token_signature .*no secret given/m)

    const wrong = join(op.home, 'wrong.secret')
    writeFileSync(wrong, '0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d\n')
    const bad = await op.cli(['audit', 'verify-package', file, '--secret-file', wrong])
    expect(bad.exitCode).toBe(10)
    expect(bad.stdout).toMatch(/^✘ token_signature .*does not verify/m)
    expect(bad.stdout).toMatch(/^✘ head_anchor .*anchor forged or written with another secret/m)
    expect(bad.stdout).toMatch(/FAILED token_signature, head_anchor$/m)

    const right = join(op.home, 'token.secret')
    writeFileSync(right, `${TEST_SECRET}\n`)
    expect((await op.cli(['audit', 'verify-package', file, '--secret-file', right])).exitCode).toBe(0)
  })

  it('names every check a tampered file fails', async () => {
    const { op, h, file } = prepared()
    expect((await op.cli(['audit', 'export', h.proposalId, '--out', file])).exitCode).toBe(0)
    writeFileSync(file, readFileSync(file, 'utf8').replace('"action": "restart_member"', '"action": "remove_member"'))
    const r = await op.cli(['audit', 'verify-package', file, '--json'], { OPERATOR_TOKEN_SECRET: TEST_SECRET })
    expect(r.exitCode).toBe(10)
    expect(statuses(JSON.parse(r.stdout) as Report)).toMatchObject({
      'digest.request': 'fail',
      binding_digest: 'fail',
      request_hash: 'fail',
      log_agreement: 'fail',
      token_signature: 'pass',
      chain_continuity: 'pass',
    })
  })

  it('catches a tampered row in the log with audit verify and with the package chain checks', async () => {
    const { op, db, h, file } = prepared()
    const before = join(op.home, 'before.json')
    expect((await op.cli(['audit', 'export', h.proposalId, '--out', before])).exitCode).toBe(0)
    const store = new Store(db)
    const row = store.events().find((e) => e.type === 'proposal.executed')
    if (!row) throw new Error('fixture has no proposal.executed event')
    store.db.exec('DROP TRIGGER events_append_only_update')
    store.db.prepare('UPDATE events SET actor = ? WHERE seq = ?').run('mallory', row.seq)
    store.close()

    const verify = await op.cli(['audit', 'verify'])
    expect(verify.exitCode).toBe(10)
    expect(verify.stdout).toContain(`BROKEN at seq ${row.seq}`)

    expect((await op.cli(['audit', 'export', h.proposalId, '--out', file])).exitCode).toBe(0)
    const after = await op.cli(['audit', 'verify-package', file], { OPERATOR_TOKEN_SECRET: TEST_SECRET })
    expect(after.exitCode).toBe(10)
    expect(after.stdout).toMatch(
      new RegExp(`^✘ chain_continuity .*seq ${row.seq} \\(proposal.executed\\): hash does not match`, 'm'),
    )

    const anchored = await op.cli(['audit', 'verify-package', before, '--db', db], {
      OPERATOR_TOKEN_SECRET: TEST_SECRET,
    })
    expect(anchored.exitCode).toBe(10)
    expect(anchored.stdout).toMatch(new RegExp(`^✘ chain_anchor .*broken at seq ${row.seq}`, 'm'))
  })

  it('carries the head anchor, which verifies with the secret and fails against a log cut off after the export', async () => {
    const { op, db, h, file } = prepared()
    expect((await op.cli(['audit', 'export', h.proposalId, '--out', file])).exitCode).toBe(0)
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { parts: { anchor: { data: { seq: number } | null } } }
    const anchored = await op.cli(['audit', 'verify', '--json'])
    const head = (JSON.parse(anchored.stdout) as { anchor: { seq: number } }).anchor.seq
    expect(pkg.parts.anchor.data).toMatchObject({ seq: head })

    const secretFile = join(op.home, 'token.secret')
    const good = await op.cli(['audit', 'verify-package', file, '--secret-file', secretFile, '--db', db])
    expect(good.exitCode, good.stdout).toBe(0)
    expect(good.stdout).toMatch(new RegExp(`^✔ head_anchor .*seq ${head} \\(the head at export\\) verifies`, 'm'))

    const cut = new Store(db)
    cut.db.exec('DROP TRIGGER events_append_only_delete')
    cut.db.prepare('DELETE FROM events WHERE seq >= ?').run(head)
    cut.close()
    const after = await op.cli(['audit', 'verify-package', file, '--secret-file', secretFile, '--db', db])
    expect(after.exitCode).toBe(10)
    expect(after.stdout).toMatch(
      new RegExp(`^✘ head_anchor .*has no seq ${head}: the log was cut off after the export`, 'm'),
    )
    const verify = await op.cli(['audit', 'verify'])
    expect(verify.exitCode).toBe(10)
    expect(verify.stdout).toMatch(
      new RegExp(`^audit chain BROKEN: truncated after seq ${head - 1}: the anchor names seq ${head}`),
    )
  })

  it('prints the package without --out, and refuses an unknown proposal in one line', async () => {
    const { op, h } = prepared()
    const printed = await op.cli(['audit', 'export', h.proposalId])
    expect(printed.exitCode).toBe(0)
    expect(JSON.parse(printed.stdout)).toMatchObject({
      schema_version: 2,
      kind: 'operator.audit_package',
      proposal_id: h.proposalId,
    })
    const missing = await op.cli(['audit', 'export', 'P-404'])
    expect(missing.exitCode).toBe(6)
    expect(missing.stderr.trim().split('\n')).toHaveLength(1)
    expect(missing.stderr).toMatch(/no proposal P-404/)
  })
})
