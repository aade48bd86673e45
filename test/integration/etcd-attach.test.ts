/**
 * `operator cluster attach` on a secured etcd cluster Operator did not start
 * (client certificates, auth enabled), as an outsider would: a wrong password
 * is refused in one line and nothing is registered; the right files make it
 * the current run, whose status, monitor and agent work through the same
 * credentials. Faults and `cluster down` are refused on it; a member that dies
 * is detected, and with the `none` adapter its repair becomes an escalation
 * carrying the exact command a person should run. Detach forgets the run and
 * stops nothing. The password is found nowhere under OPERATOR_HOME.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Etcd3 } from 'etcd3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type SecureEtcd, startSecureEtcd } from '../fixtures/etcd-tls.js'
import { createOperatorEnv, waitFor } from '../fixtures/operator-env.js'
import { processesUnder } from '../fixtures/processes.js'

let etcd: SecureEtcd | undefined
beforeAll(async () => {
  etcd = await startSecureEtcd()
}, 60_000)
afterAll(async () => {
  await etcd?.stop()
})

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? files(p) : [p]
  })
}

describe('attaching to a secured etcd cluster', () => {
  it('registers it, supervises it through its credentials, escalates a dead member with the command, and detaches without stopping anything', async () => {
    if (etcd === undefined) throw new Error('the cluster did not start')
    const e = etcd
    const password = readFileSync(e.passwordFile, 'utf8').trim()
    const op = createOperatorEnv()
    const creds = ['--endpoints', e.endpoints.join(','), '--cacert', e.caFile, '--cert', e.certFile, '--key', e.keyFile]
    const wrong = join(op.home, 'wrong-password')
    writeFileSync(wrong, 'not-the-password\n')
    const refused = await op.cli([
      'cluster',
      'attach',
      '--name',
      'prod',
      ...creds,
      '--user',
      'root',
      '--password-file',
      wrong,
    ])
    expect(refused.exitCode).not.toBe(0)
    expect(refused.stderr.trim().split('\n')).toHaveLength(1)
    expect(refused.stderr).toMatch(/etcd refused user root: authentication failed/)
    expect(existsSync(join(op.home, 'runs', 'prod'))).toBe(false)

    const attach = [
      'cluster',
      'attach',
      '--name',
      'prod',
      ...creds,
      '--user',
      'root',
      '--password-file',
      e.passwordFile,
    ]
    const attached = await op.cliJson<{ runtime: string; members: { name: string; answers: boolean }[] }>([
      ...attach,
      '--member-unit',
      'm2=etcd@m2',
    ])
    expect(attached.runtime).toBe('attached')
    expect(attached.members.map((m) => [m.name, m.answers])).toEqual([
      ['m1', true],
      ['m2', true],
      ['m3', true],
    ])
    const again = await op.cli([...attach])
    expect(again.stderr).toMatch(/a run named prod exists already/)

    const fault = await op.cli(['fault', 'kill_member', '--target', 'm2'])
    expect(fault.exitCode).not.toBe(0)
    expect(fault.stderr).toMatch(/faults are refused on run prod: it is attached/)
    const down = await op.cli(['cluster', 'down'])
    expect(down.exitCode).not.toBe(0)
    expect(down.stderr).toMatch(/run prod is attached: Operator did not start it and never stops it/)

    // The demo on it supervises what is there: a fault is refused in one line, and nothing is stopped on the way out.
    const demo = await op.cli(['demo', '--headless', '--run', 'prod', '--fault', 'kill_member', '--timeout', '30000'])
    expect(demo.exitCode).not.toBe(0)
    expect(demo.stderr).toMatch(/--fault kill_member: faults are refused on run prod: it is attached/)
    const after = await op.cliJson<{ members: { answers: boolean }[] }>(['cluster', 'status'])
    expect(after.members.map((m) => m.answers)).toEqual([true, true, true])
    expect(processesUnder(op.home)).toEqual([])

    op.spawn('monitor', ['monitor', '--interval', '300'])
    op.spawn('agent', ['agent'], { OPERATOR_SAFETY_MODE: 'execute', OPERATOR_APPROVAL_MODE: 'auto' })
    await e.stopMember('m2')
    const store = op.store()
    const ticket = await waitFor(
      "m2's ticket escalated",
      () => store.tickets().find((t) => t.key === 'members_healthy:m2' && t.status === 'escalated'),
      60_000,
    )
    const escalated = store.events({ types: ['ticket.escalated'] }).find((ev) => ev.payload.ticket_id === ticket.id)
    expect(JSON.stringify(escalated?.payload)).toMatch(/systemctl restart etcd@m2/)
    expect(store.events({ types: ['proposal.executed'] })).toEqual([])

    const detached = await op.cli(['cluster', 'detach', 'prod'])
    expect(detached.stdout).toMatch(/detached prod: forgotten, nothing stopped/)
    expect(existsSync(join(op.home, 'runs', 'prod'))).toBe(false)
    // The rest of the cluster runs on, untouched.
    const client = new Etcd3({
      hosts: [e.endpoints[0] ?? ''],
      credentials: {
        rootCertificate: readFileSync(e.caFile),
        certChain: readFileSync(e.certFile),
        privateKey: readFileSync(e.keyFile),
      },
      auth: { username: 'root', password },
    })
    try {
      expect((await client.maintenance.status()).version).toMatch(/^3\./)
    } finally {
      client.close()
    }
    expect(files(op.home).filter((f) => readFileSync(f).includes(password))).toEqual([])
  })
})
