/**
 * The error part of the contract on the real CLI: with `--json` a failing
 * command prints exactly one error object on stdout, still one line on
 * stderr, and exits with the object's exit code. No cluster is started.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { ErrorObject } from '../../src/contract/common.js'
import { errorText } from '../../src/contract/error-object.js'
import type { ErrorCode } from '../../src/core/errors.js'
import { type CliResult, createOperatorEnv } from '../fixtures/operator-env.js'

/** The one error object on stdout, checked against the schema, the code and the one line on stderr. */
function expectError(r: CliResult, code: ErrorCode, exit: number): ErrorObject {
  const obj = ErrorObject.parse(JSON.parse(r.stdout))
  expect(obj.error).toMatchObject({ category: code, exit_code: exit })
  expect(r.exitCode).toBe(exit)
  expect(r.stderr.trim().split('\n').at(-1)).toContain(obj.error.message)
  return obj
}

describe('operator --json failures', () => {
  it('prints a bad policy file as policy_invalid (11), the same line on stderr as without --json', async () => {
    const op = createOperatorEnv()
    const policy = join(op.home, 'bad.yaml')
    writeFileSync(policy, 'rules:\n  - id: a\n    decision: sometimes\n')
    const r = await op.cli(['policy', 'explain', 'restart_member', '--policy', policy, '--json'])
    const obj = expectError(r, 'policy_invalid', 11)
    expect(obj.error.message).toMatch(/bad\.yaml:3: rules\.0\.decision/)
    expect(obj.error.next_action).toBe('ask_user')
    expect(r.stderr).toBe(errorText(obj))
    const text = await op.cli(['policy', 'explain', 'restart_member', '--policy', policy])
    expect([text.exitCode, text.stdout, text.stderr]).toEqual([11, '', r.stderr])
  })

  it('prints a broken scenario as scenario_invalid (12) after its problems on stderr, and starts nothing', async () => {
    const op = createOperatorEnv()
    const file = join(op.home, 'broken.yaml')
    writeFileSync(file, 'title: broken\nsubject: etcd\nmethod:\n  - at: soon\n    fault: kill_member\n')
    const r = await op.cli(['scenario', 'run', file, '--json'])
    const obj = expectError(r, 'scenario_invalid', 12)
    expect(obj.error.message).toMatch(/broken\.yaml has \d+ problems? \(above\); nothing was started/)
    expect(r.stderr).toMatch(/broken\.yaml:4: method\.0\.at: must be a duration/)
    expect(r.stderr.trim().split('\n').at(-1)).toBe(errorText(obj))
  })

  it('prints a database that is not Operator’s as database_foreign (14)', async () => {
    const op = createOperatorEnv()
    const foreign = new Database(join(op.home, 'operator.db'))
    foreign.exec('CREATE TABLE customers (name TEXT)')
    foreign.close()
    const obj = expectError(await op.cli(['tickets', '--json']), 'database_foreign', 14)
    expect(obj.error.message).toMatch(/does not belong to Operator/)
    expect(obj.error.hint).toMatch(/OPERATOR_DB/)
  })

  it('prints an unknown proposal as not_found (6)', async () => {
    const op = createOperatorEnv()
    expect((await op.cli(['mode', 'execute'])).exitCode).toBe(0)
    for (const args of [
      ['proposal', 'P-404', '--json'],
      ['approve', 'P-404', '--as', 'alice', '--json'],
    ]) {
      const obj = expectError(await op.cli(args), 'not_found', 6)
      expect(obj.error).toMatchObject({ message: 'no proposal P-404', next_action: 'rerun' })
    }
  })

  it('prints usage errors, commander’s and the options’ checks, as usage (2)', async () => {
    const op = createOperatorEnv()
    const unknown = await op.cli(['tickets', '--json', '--colour'])
    const obj = expectError(unknown, 'usage', 2)
    expect(obj.error).toMatchObject({ message: "unknown option '--colour'", hint: 'see `operator tickets --help`' })
    expect(unknown.stderr).toBe("error: unknown option '--colour' — see `operator tickets --help`")
    const missing = await op.cli(['proposal', '--json'])
    expect(expectError(missing, 'usage', 2).error.message).toMatch(/missing required argument 'id'/)
    const nested = expectError(await op.cli(['audit', 'verify', '--bogus', '--json']), 'usage', 2)
    expect(nested.error.hint).toBe('see `operator audit verify --help`')
    const bad = await op.cli(['scenario', 'run', 'none.yaml', '--runs', '0', '--json'])
    expect(expectError(bad, 'usage', 2).error.message).toBe('--runs: must be at least 1')
  })

  it('keeps stdout empty without --json, and a failing audit verify --json prints its report, exit 10', async () => {
    const op = createOperatorEnv()
    const plain = await op.cli(['tickets', '--colour'])
    expect([plain.exitCode, plain.stdout]).toEqual([2, ''])
    expect((await op.cli(['mode', 'execute'])).exitCode).toBe(0)
    const db = new Database(join(op.home, 'operator.db'))
    db.exec("DROP TRIGGER events_append_only_update; UPDATE events SET actor = 'mallory' WHERE seq = 1")
    db.close()
    const r = await op.cli(['audit', 'verify', '--json'])
    expect(r.exitCode).toBe(10)
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, broken_seq: 1 })
  })
})
