/**
 * An etcd3 client on a cluster Operator did not start, secured with TLS and
 * auth: the certificate files and the password file are read here, then one
 * status call under a short deadline proves the client works. Every failure is
 * one OperatorError line naming the file, user or endpoints at fault and the
 * fix, never a secret.
 */
import { readFile } from 'node:fs/promises'
import { rootCertificates } from 'node:tls'
import { handleWhen, noop, retry } from 'cockatiel'
import type { IOptions } from 'etcd3'
import {
  Etcd3,
  EtcdAuthenticationFailedError,
  GRPCDeadlineExceededError,
  GRPCUnavailableError,
  isRecoverableError,
} from 'etcd3'
import { OperatorError } from '../../src/core/errors.js'
import type { AttachOptions } from '../../src/core/subject.js'
import { deadline } from './clients.js'
import { describeError } from './grpc-errors.js'
import { explainUnavailable, type TlsMaterial } from './tls-probe.js'

/** Where a secured cluster is and who we are to it (`operator cluster attach`'s flags): paths and names, never secrets. */
export type AttachConfig = Pick<
  AttachOptions,
  'endpoints' | 'caFile' | 'certFile' | 'keyFile' | 'user' | 'passwordFile'
>

const VERIFY_TIMEOUT_MS = 5000

type FileKey = 'caFile' | 'certFile' | 'keyFile' | 'passwordFile'
const FILES: Record<FileKey, { flag: string; fix: string }> = {
  caFile: { flag: '--cacert', fix: 'give the CA certificate file of the cluster' },
  certFile: { flag: '--cert', fix: 'give the client certificate file' },
  keyFile: { flag: '--key', fix: 'give the key file of the client certificate' },
  passwordFile: { flag: '--password-file', fix: 'give the file holding the password of --user' },
}

function withoutUserinfo(endpoint: string): string {
  return endpoint.replace(/^([a-z]+:\/\/)?[^/@]*@/i, '$1')
}

/** The config fit for a log line: file paths and the user, and no credentials inside endpoint URLs. */
export function redactAttachConfig(config: AttachConfig): AttachConfig {
  const redacted: AttachConfig = { endpoints: config.endpoints.map(withoutUserinfo) }
  for (const key of ['caFile', 'certFile', 'keyFile', 'user', 'passwordFile'] as const) {
    const value = config[key]
    if (value !== undefined) redacted[key] = value
  }
  return redacted
}

function checkConfig(config: AttachConfig): void {
  const usage = (message: string, fix: string) => new OperatorError('usage', message, fix)
  if (config.endpoints.length === 0) throw usage('no etcd endpoints given', 'give --endpoints https://host:2379')
  const bad = config.endpoints.find((e) => !/^https?:\/\/[^/@]+$/.test(e))
  if (bad !== undefined) {
    throw usage(`endpoint ${withoutUserinfo(bad)} is not http(s)://host:port`, 'give endpoints as https://host:port')
  }
  if ((config.certFile === undefined) !== (config.keyFile === undefined)) {
    throw usage('--cert and --key go together', 'give both the client certificate and its key, or neither')
  }
  if ((config.user === undefined) !== (config.passwordFile === undefined)) {
    throw usage('--user and --password-file go together', 'give both the user and the file of its password')
  }
}

async function readConfigFile(config: AttachConfig, key: FileKey): Promise<Buffer | undefined> {
  const path = config[key]
  if (path === undefined) return undefined
  try {
    return await readFile(path)
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable'
    const code = key === 'passwordFile' ? 'secret_missing' : 'config_invalid'
    throw new OperatorError('config', `cannot read ${FILES[key].flag} ${path}: ${reason}`, FILES[key].fix, { code })
  }
}

async function explainFailure(err: unknown, config: AttachConfig, tls: TlsMaterial): Promise<OperatorError> {
  if (err instanceof EtcdAuthenticationFailedError) {
    const message = `etcd refused user ${config.user}: authentication failed`
    return new OperatorError('config', message, 'check --user and --password-file')
  }
  if (err instanceof GRPCUnavailableError || err instanceof GRPCDeadlineExceededError) {
    return explainUnavailable(config.endpoints, tls, config, describeError(err))
  }
  const message = `etcd at ${config.endpoints.join(', ')} refused a status call: ${describeError(err)}`
  return new OperatorError('subject', message, 'check the cluster and the roles of --user')
}

/** What every client of an attached cluster carries: TLS material and the login, as etcd3 options. */
export type AttachSecurity = Pick<IOptions, 'credentials' | 'auth'>

/** Reads the certificate and password files (each failure one line naming the file); nothing is kept but in memory. */
export async function readAttachSecurity(
  config: AttachConfig,
): Promise<{ security: AttachSecurity; tls: TlsMaterial }> {
  checkConfig(config)
  const files = ['caFile', 'certFile', 'keyFile', 'passwordFile'] as const
  const [ca, cert, key, secret] = await Promise.all(files.map((k) => readConfigFile(config, k)))
  const password = secret?.toString('utf8').split(/\r?\n/)[0]
  if (config.passwordFile !== undefined && !password) {
    const message = `--password-file ${config.passwordFile} is empty`
    throw new OperatorError('config', message, FILES.passwordFile.fix, { code: 'secret_missing' })
  }
  const tls: TlsMaterial = { ...(ca && { ca }), ...(cert && { cert }), ...(key && { key }) }
  const security: AttachSecurity = {}
  if (ca !== undefined || cert !== undefined) {
    security.credentials = {
      rootCertificate: ca ?? Buffer.from(rootCertificates.join('\n')),
      ...(cert && { certChain: cert }),
      ...(key && { privateKey: key }),
    }
  }
  if (config.user !== undefined && password !== undefined) security.auth = { username: config.user, password }
  return { security, tls }
}

/** Reads the files, connects and proves the client with a status call; the caller closes the client. */
export async function openAttachedEtcdClient(
  config: AttachConfig,
  options: { timeoutMs?: number } = {},
): Promise<Etcd3> {
  const { security, tls } = await readAttachSecurity(config)
  const timeoutMs = options.timeoutMs ?? VERIFY_TIMEOUT_MS
  const client = new Etcd3({
    hosts: config.endpoints,
    // A member that does not answer is passed over for the next endpoint; nothing else is retried.
    faultHandling: {
      host: () => noop,
      global: retry(handleWhen(isRecoverableError), { maxAttempts: config.endpoints.length - 1 }),
    },
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : deadline(timeoutMs)),
    ...security,
  })
  try {
    await client.maintenance.status()
    return client
  } catch (err) {
    client.close()
    throw await explainFailure(err, config, tls)
  }
}
