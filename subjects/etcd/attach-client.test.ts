/**
 * The attach config as logged (paths and the user, never credentials) and the
 * config mistakes refused before anything is read or dialled.
 */
import { describe, expect, it } from 'vitest'
import { isOperatorError } from '../../src/core/errors.js'
import { type AttachConfig, openAttachedEtcdClient, redactAttachConfig } from './attach-client.js'

const config: AttachConfig = {
  endpoints: ['https://10.0.0.1:2379', 'https://10.0.0.2:2379'],
  caFile: '/etc/etcd/ca.pem',
  certFile: '/etc/etcd/client.pem',
  keyFile: '/etc/etcd/client-key.pem',
  user: 'root',
  passwordFile: '/etc/etcd/password',
}

async function refusal(c: AttachConfig): Promise<string> {
  const err = await openAttachedEtcdClient(c).then(
    () => new Error('attached'),
    (e: unknown) => e,
  )
  if (!isOperatorError(err)) throw err
  return err.oneLine()
}

describe('redactAttachConfig', () => {
  it('keeps the endpoints, file paths and user', () => {
    expect(redactAttachConfig(config)).toEqual(config)
  })

  it('drops credentials written into endpoint URLs', () => {
    const redacted = redactAttachConfig({
      endpoints: ['https://root:s3cret@10.0.0.1:2379', 'root:s3cret@10.0.0.2:2379'],
    })
    expect(redacted).toEqual({ endpoints: ['https://10.0.0.1:2379', '10.0.0.2:2379'] })
  })

  it('leaves out fields that are not part of the config, such as a password passed by mistake', () => {
    const withSecret = { ...config, password: 's3cret' } as AttachConfig
    expect(JSON.stringify(redactAttachConfig(withSecret))).not.toContain('s3cret')
  })

  it('leaves out absent fields rather than setting them undefined', () => {
    expect(Object.keys(redactAttachConfig({ endpoints: ['https://10.0.0.1:2379'] }))).toEqual(['endpoints'])
  })
})

describe('openAttachedEtcdClient refuses a config before reading or dialling anything', () => {
  it('refuses an endpoint with credentials in it without repeating them', async () => {
    const line = await refusal({ endpoints: ['https://root:s3cret@10.0.0.1:2379'] })
    expect(line).toContain('endpoint https://10.0.0.1:2379 is not http(s)://host:port')
    expect(line).not.toContain('s3cret')
  })

  it('refuses a certificate without its key and a user without a password file', async () => {
    const { keyFile: _, ...noKey } = config
    expect(await refusal(noKey)).toMatch(/^--cert and --key go together/)
    const { passwordFile: __, ...noPassword } = config
    expect(await refusal(noPassword)).toMatch(/^--user and --password-file go together/)
  })
})
