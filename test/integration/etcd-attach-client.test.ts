/**
 * Attaching to a secured etcd cluster Operator did not start: three members
 * demanding client certificates, auth enabled for root. The right files and
 * password read cluster status; each wrong or missing piece is refused in one
 * line that names it and never holds the password.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isOperatorError, type OperatorError } from '../../src/core/errors.js'
import { freePorts } from '../../src/executors/local/free-ports.js'
import { type AttachConfig, openAttachedEtcdClient, redactAttachConfig } from '../../subjects/etcd/attach-client.js'
import { createCa, issueCert, type SecureEtcd, startSecureEtcd } from '../fixtures/etcd-tls.js'
import { alive } from '../fixtures/processes.js'

let etcd: SecureEtcd | undefined
let password = ''

beforeAll(async () => {
  etcd = await startSecureEtcd()
  password = readFileSync(etcd.passwordFile, 'utf8').trim()
}, 60_000)

afterAll(async () => {
  await etcd?.stop()
})

function cluster(): SecureEtcd {
  if (etcd === undefined) throw new Error('the cluster did not start')
  return etcd
}

function rightConfig(): AttachConfig {
  const { endpoints, caFile, certFile, keyFile, user, passwordFile } = cluster()
  return { endpoints, caFile, certFile, keyFile, user, passwordFile }
}

/** The OperatorError an attach fails with, checked to be one line without the password. */
async function refusal(config: AttachConfig): Promise<OperatorError> {
  const err = await openAttachedEtcdClient(config).then(
    (client) => {
      client.close()
      return new Error('attached, expected a refusal')
    },
    (e: unknown) => e,
  )
  if (!isOperatorError(err)) throw err
  expect(err.oneLine()).not.toContain('\n')
  expect(err.oneLine()).not.toContain(password)
  return err
}

describe('attaching to a secured etcd cluster', () => {
  it('connects with the right files and user and reads cluster status', async () => {
    const client = await openAttachedEtcdClient(rightConfig())
    try {
      const status = await client.maintenance.status()
      expect(status.leader).not.toBe('0')
      const { members } = await client.cluster.memberList({})
      expect(members.map((m) => m.name).sort()).toEqual(['m1', 'm2', 'm3'])
    } finally {
      client.close()
    }
    expect(JSON.stringify(redactAttachConfig(rightConfig()))).not.toContain(password)
  })

  it('refuses a CA that did not sign the servers, naming the CA file', async () => {
    const other = await createCa(cluster().dir, 'other-ca')
    const err = await refusal({ ...rightConfig(), caFile: other.certFile })
    expect(err.message).toMatch(/^TLS to https:\/\/127\.0\.0\.1:\d+ failed: its server certificate is not trusted by/)
    expect(err.message).toContain(`--cacert ${other.certFile}`)
    expect(err.category).toBe('cluster_unreachable')
  })

  it('refuses a client certificate from a CA the cluster does not trust, naming the certificate file', async () => {
    const { dir } = cluster()
    const other = await createCa(dir, 'stranger-ca')
    const stranger = await issueCert(dir, other, 'stranger', 'root', ['extendedKeyUsage=clientAuth'])
    const err = await refusal({ ...rightConfig(), ...stranger })
    expect(err.message).toMatch(/^etcd at https:\/\/127\.0\.0\.1:\d+ refused the client certificate --cert /)
    expect(err.message).toContain(stranger.certFile)
  })

  it('refuses a connection without a client certificate, and names a client certificate it cannot read', async () => {
    const { certFile: _, keyFile: __, ...noCert } = rightConfig()
    const err = await refusal(noCert)
    expect(err.message).toMatch(/^etcd at https:\/\/127\.0\.0\.1:\d+ requires a client certificate/)
    expect(err.fix).toBe('give --cert and --key')

    const missing = join(cluster().dir, 'no-such-client.pem')
    const unreadable = await refusal({ ...rightConfig(), certFile: missing })
    expect(unreadable.message).toBe(`cannot read --cert ${missing}: ENOENT`)
  })

  it('refuses a wrong password, naming the user and not the password', async () => {
    const wrongFile = join(cluster().dir, 'wrong-password')
    writeFileSync(wrongFile, 'not-the-password\n', { mode: 0o600 })
    const err = await refusal({ ...rightConfig(), passwordFile: wrongFile })
    expect(err.message).toBe('etcd refused user root: authentication failed')
    expect(err.fix).toBe('check --user and --password-file')
    expect(err.oneLine()).not.toContain('not-the-password')
  })

  it('refuses a missing password file, naming the file', async () => {
    const missing = join(cluster().dir, 'no-such-password')
    const err = await refusal({ ...rightConfig(), passwordFile: missing })
    expect(err.message).toBe(`cannot read --password-file ${missing}: ENOENT`)
    expect(err.code).toBe('secret_missing')
  })

  it('names the endpoints it cannot reach', async () => {
    const [port] = await freePorts(1)
    const endpoint = `https://127.0.0.1:${port}`
    const err = await refusal({ ...rightConfig(), endpoints: [endpoint] })
    expect(err.message).toBe(`cannot reach etcd at ${endpoint}: ECONNREFUSED`)
  })

  it('still attaches with one member down', async () => {
    await cluster().stopMember('m1')
    const client = await openAttachedEtcdClient(rightConfig())
    client.close()
  })

  it('stops every member it started and removes its dir', async () => {
    const { pids, dir } = cluster()
    await cluster().stop()
    expect(pids.filter(alive)).toEqual([])
    expect(existsSync(dir)).toBe(false)
  })
})
