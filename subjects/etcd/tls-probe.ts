/**
 * Explains why etcd endpoints are unavailable with TLS handshakes of its own:
 * is the server's certificate trusted, did the server refuse ours, or does
 * nothing answer. gRPC reports all of these alike as "unavailable"; here they
 * are told apart by Node's error and verification codes, never message text.
 */
import { connect } from 'node:tls'
import { OperatorError } from '../../src/core/errors.js'

/** The CA, client certificate and key a client presents, as read from their files. */
export interface TlsMaterial {
  ca?: Buffer
  cert?: Buffer
  key?: Buffer
}

/** The files the material came from, to name in messages. */
export interface TlsFiles {
  caFile?: string
  certFile?: string
}

/** What a handshake says about one endpoint; `code` is Node's error or verification code. */
export interface TlsProbe {
  kind: 'ok' | 'unreachable' | 'handshake_failed' | 'server_untrusted' | 'client_refused'
  endpoint: string
  code: string
}

const PROBE_TIMEOUT_MS = 2000
const H2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'

function failureKind(code: string, handshakeDone: boolean): TlsProbe['kind'] {
  // An alert is the server refusing us. In TLS 1.3 the server checks the client
  // certificate after our side of the handshake is done, so a refusal comes then.
  if (handshakeDone || code.includes('_ALERT_')) return 'client_refused'
  return code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') ? 'handshake_failed' : 'unreachable'
}

/** Handshakes with an `https://host:port` endpoint and waits for the server's first HTTP/2 frame or its refusal. */
export function probeTls(endpoint: string, tls: TlsMaterial, timeoutMs = PROBE_TIMEOUT_MS): Promise<TlsProbe> {
  const url = new URL(endpoint)
  const port = url.port === '' ? 443 : Number(url.port)
  return new Promise((resolve) => {
    let handshakeDone = false
    // Verified by hand below, so an untrusted server is reported rather than thrown.
    const socket = connect({ host: url.hostname, port, ALPNProtocols: ['h2'], rejectUnauthorized: false, ...tls })
    const settle = (kind: TlsProbe['kind'], code: string) => {
      resolve({ kind, endpoint, code })
      socket.destroy()
    }
    socket.setTimeout(timeoutMs, () => settle(handshakeDone ? 'ok' : 'unreachable', 'ETIMEDOUT'))
    socket.once('secureConnect', () => {
      handshakeDone = true
      if (socket.authorized) socket.write(H2_PREFACE)
      else settle('server_untrusted', String(socket.authorizationError))
    })
    socket.once('data', () => settle('ok', 'OK'))
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'ERROR'
      settle(failureKind(code, handshakeDone), code)
    })
    socket.once('close', () => settle(handshakeDone ? 'client_refused' : 'unreachable', 'ECONNRESET'))
  })
}

function probeError(p: TlsProbe, files: TlsFiles): OperatorError {
  const fail = (message: string, fix: string) => new OperatorError('cluster_unreachable', `${message} (${p.code})`, fix)
  if (p.kind === 'server_untrusted') {
    const by = files.caFile === undefined ? 'the system CAs (no --cacert given)' : `--cacert ${files.caFile}`
    const fix = 'give the CA certificate file of the cluster'
    return fail(`TLS to ${p.endpoint} failed: its server certificate is not trusted by ${by}`, fix)
  }
  if (p.kind === 'client_refused' && files.certFile === undefined) {
    return fail(`etcd at ${p.endpoint} requires a client certificate`, 'give --cert and --key')
  }
  if (p.kind === 'client_refused') {
    const fix = 'give a client certificate signed by a CA the cluster trusts'
    return fail(`etcd at ${p.endpoint} refused the client certificate --cert ${files.certFile}`, fix)
  }
  return fail(`TLS handshake with ${p.endpoint} failed`, 'check that the endpoint serves TLS and --cert matches --key')
}

/**
 * The error for endpoints a client found unavailable: the first TLS problem
 * any https endpoint shows, else "cannot reach" with the connection codes
 * (or `reason` when no endpoint could be probed).
 */
export async function explainUnavailable(
  endpoints: string[],
  tls: TlsMaterial,
  files: TlsFiles,
  reason: string,
): Promise<OperatorError> {
  const probes = await Promise.all(endpoints.filter((e) => e.startsWith('https:')).map((e) => probeTls(e, tls)))
  const problem = probes.find((p) => p.kind !== 'ok' && p.kind !== 'unreachable')
  if (problem !== undefined) return probeError(problem, files)
  const codes = new Set(probes.filter((p) => p.kind === 'unreachable').map((p) => p.code))
  const why = codes.size > 0 ? [...codes].join(', ') : reason
  return new OperatorError(
    'cluster_unreachable',
    `cannot reach etcd at ${endpoints.join(', ')}: ${why}`,
    'check --endpoints',
  )
}
