/**
 * Bad input of every kind: one line naming the problem and the fix, a
 * non-zero exit, and nothing written or lost.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createOperatorEnv } from '../fixtures/operator-env.js'

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  return lines[0] ?? ''
}

/** Billion laughs: nine levels of nine aliases each, 9^9 strings once expanded. */
const ALIAS_BOMB = [
  'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...'bcdefghi'.split('').map((name, i) => {
    const prev = 'abcdefgh'[i]
    return `${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`
  }),
].join('\n')

describe('bad input', () => {
  it('reports a YAML alias bomb in a policy or scenario file as a policy or scenario error naming the file', async () => {
    const op = createOperatorEnv()
    const policy = join(op.home, 'bomb-policy.yaml')
    writeFileSync(policy, `${ALIAS_BOMB}\nrules:\n  - id: a\n    decision: allow\n`)
    const checked = await op.cli(['policy', 'check', policy])
    expect(checked.exitCode).toBe(11)
    expect(oneLine(`${checked.stdout}${checked.stderr}`)).toMatch(/bomb-policy\.yaml:2: \(yaml\): .*alias/)
    const agent = await op.cli(['policy', 'explain', 'restart_member', '--policy', policy])
    expect(agent.exitCode).toBe(11)
    expect(oneLine(agent.stderr)).toMatch(/policy .*bomb-policy\.yaml:2: \(yaml\): .*alias.*operator policy check/)
    const scenario = join(op.home, 'bomb-scenario.yaml')
    writeFileSync(scenario, `${ALIAS_BOMB}\ntitle: bomb\nsubject: etcd\n`)
    const validated = await op.cli(['scenario', 'validate', scenario])
    expect(validated.exitCode).toBe(12)
    expect(oneLine(`${validated.stdout}${validated.stderr}`)).toMatch(/bomb-scenario\.yaml:2: \(yaml\): .*alias.* — /)
  })

  it('rejects an unknown subject before starting anything', async () => {
    const op = createOperatorEnv()
    const r = await op.cli(['cluster', 'up', '--subject', 'zookeeper'])
    expect(r.exitCode).toBe(2)
    expect(oneLine(r.stderr)).toMatch(/unknown subject "zookeeper".*--subject etcd/)
    expect(existsSync(join(op.home, 'runs'))).toBe(false)
  })

  it('rejects malformed flags and values with the command’s help hint', async () => {
    const op = createOperatorEnv()
    const bad = await op.cli(['monitor', '--interval', 'soon'])
    expect(bad.exitCode).toBe(2)
    expect(oneLine(bad.stderr)).toMatch(/--interval: must be a number.*operator monitor --help/)
    const unknown = await op.cli(['tickets', '--colour'])
    expect(unknown.exitCode).toBe(2)
    expect(oneLine(unknown.stderr)).toMatch(/unknown option '--colour'/)
    const mode = await op.cli(['mode', 'yolo'])
    expect(mode.exitCode).toBe(2)
    expect(oneLine(mode.stderr)).toMatch(/safety/)
    expect(existsSync(join(op.home, 'operator.db'))).toBe(false)
  })

  it('refuses a database that is not Operator’s and leaves it untouched', async () => {
    const op = createOperatorEnv()
    const path = join(op.home, 'operator.db')
    const foreign = new Database(path)
    foreign.exec("CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES ('ada')")
    foreign.close()
    const before = readFileSync(path)
    const r = await op.cli(['tickets'])
    expect(r.exitCode).toBe(14)
    expect(oneLine(r.stderr)).toMatch(/does not belong to Operator.*OPERATOR_DB/)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('refuses a corrupt database and leaves it untouched', async () => {
    const op = createOperatorEnv()
    const path = join(op.home, 'operator.db')
    writeFileSync(path, Buffer.from('this is not a database at all, just bytes'.repeat(200)))
    const before = readFileSync(path)
    const r = await op.cli(['mode', 'execute'])
    expect(r.exitCode).toBe(4)
    expect(oneLine(r.stderr)).toMatch(/corrupt/)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('says there is no cluster when none is up, for monitor, agent, fault and status', async () => {
    const op = createOperatorEnv()
    for (const args of [
      ['monitor'],
      ['agent'],
      ['fault', 'kill_member', '--target', 'm1'],
      ['cluster', 'status'],
      ['cluster', 'down'],
    ]) {
      const r = await op.cli(args)
      expect(r.exitCode, args.join(' ')).toBe(6)
      expect(oneLine(r.stderr)).toMatch(/operator cluster up/)
    }
  })

  it('reports an unreachable cluster in one line when every member is dead', async () => {
    const op = createOperatorEnv()
    const up = await op.clusterUp()
    for (const m of up.members) if (m.pid) process.kill(m.pid, 'SIGKILL')
    await new Promise((r) => setTimeout(r, 500))
    const fill = await op.cli(['fault', 'fill_quota'])
    expect(fill.exitCode).toBe(5)
    expect(oneLine(fill.stderr)).toMatch(/no member answers.*bring the cluster up/)
    const kill = await op.cli(['fault', 'kill_member', '--target', 'leader'])
    expect(kill.exitCode).not.toBe(0)
    expect(oneLine(kill.stderr)).toMatch(/leader/)
  })

  it('names a missing proposal and a broken audit chain', async () => {
    const op = createOperatorEnv()
    expect((await op.cli(['mode', 'execute'])).exitCode).toBe(0)
    const missing = await op.cli(['approve', 'P-404', '--as', 'alice'])
    expect(missing.exitCode).toBe(6)
    expect(oneLine(missing.stderr)).toMatch(/no proposal P-404/)
    expect((await op.cli(['mode', 'observe'])).exitCode).toBe(0)
    expect((await op.cli(['audit', 'verify'])).exitCode).toBe(0)
    const db = new Database(join(op.home, 'operator.db'))
    db.exec("DROP TRIGGER events_append_only_update; UPDATE events SET actor = 'mallory' WHERE seq = 1")
    db.close()
    const broken = await op.cliJson<{ ok: boolean; broken_seq: number }>(['audit', 'verify']).catch(() => null)
    expect(broken).toBeNull()
    const r = await op.cli(['audit', 'verify', '--json'])
    expect(r.exitCode).toBe(10)
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, broken_seq: 1 })
  })

  it('refuses demo flags that do not go with a scenario, and a broken scenario, before anything starts', async () => {
    const op = createOperatorEnv()
    const step = await op.cli(['demo', '--step'])
    expect(step.exitCode).toBe(2)
    expect(oneLine(step.stderr)).toMatch(
      /--step paces the steps of a scenario, and no --scenario was given.*add --scenario FILE/,
    )
    const headless = await op.cli(['demo', '--headless', '--scenario', 'scenarios/etcd-member-crash.yaml'])
    expect(headless.exitCode).toBe(2)
    expect(oneLine(headless.stderr)).toMatch(
      /--headless has none.*operator scenario run scenarios\/etcd-member-crash.yaml/,
    )
    const clash = await op.cli([
      'demo',
      '--scenario',
      'scenarios/etcd-member-crash.yaml',
      '--safety',
      'observe',
      '--fault',
      'kill_member',
    ])
    expect(clash.exitCode).toBe(2)
    expect(oneLine(clash.stderr)).toMatch(
      /--safety cannot be combined with --scenario: the scenario sets it \(modes.safety\).*drop --safety, --fault/,
    )
    const noTty = await op.cli(['demo', '--scenario', 'scenarios/etcd-member-crash.yaml', '--step'])
    expect(noTty.exitCode).toBe(2)
    expect(oneLine(noTty.stderr)).toMatch(/needs a terminal.*operator scenario run scenarios\/etcd-member-crash.yaml/)
    const file = join(op.home, 'broken.yaml')
    writeFileSync(
      file,
      'title: broken\nsubject: etcd\nmodes: { safety: execute, approval: auto }\nsteady_state: { invariants: all }\nmethod:\n  - at: soon\n    fault: kill_member\nexpect: [{ ticket: members_healthy, within: 30s }]\n',
    )
    const broken = await op.cli(['demo', '--scenario', file])
    expect(broken.exitCode).toBe(12)
    expect(broken.stderr).toMatch(/broken.yaml:6: method.0.at: must be a duration/)
    expect(broken.stderr.trim().split('\n').at(-1)).toMatch(/has 1 problem \(above\); nothing was started/)
    expect(existsSync(join(op.home, 'runs'))).toBe(false)
  })
})
