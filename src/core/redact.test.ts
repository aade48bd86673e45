import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CIRCULAR, isSecretKey, REDACTED, redact, redactText } from './redact.js'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** A secret with a given shape and the part of it that must never survive. */
interface Planted {
  text: string
  secret: string
}

const body = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${min},${max}}$`))
const upper = (n: number) => fc.stringMatching(new RegExp(`^[A-Z0-9]{${n}}$`))

const SECRET_KEYS = [
  'password',
  'PASSWORD',
  'db_password',
  'passwd',
  'passphrase',
  'secret',
  'clientSecret',
  'client_secret',
  'token',
  'access_token',
  'X-Auth-Token',
  'github-token',
  'api_key',
  'apiKey',
  'API-KEY',
  'x-api-key',
  'authorization',
  'Authorization',
  'private_key',
  'privateKey',
  'access_key',
  'aws_secret_access_key',
  'credentials',
  'cookie',
  'Set-Cookie',
  'session_id',
  'SessionId',
  'session-id',
  'signature',
  'token_signature',
  'sig',
  'db_pass',
  'dbPass',
  'MYSQL_PWD',
  'storepass',
]

const HARMLESS_KEYS = [
  'name',
  'member',
  'count',
  'tokens_revoked',
  'token_id',
  'token_count',
  'max_tokens',
  'secret_name',
  'content_hash',
  'prev_hash',
  'policy_digest',
  'author',
  'status',
  'target',
  'note',
  'items',
  'pwd',
  'OLDPWD',
  'bypass',
  'compass',
]

const harmlessKey = fc.oneof(
  fc.constantFrom(...HARMLESS_KEYS),
  fc.stringMatching(/^[a-z]{1,8}$/).filter((k) => !isSecretKey(k)),
)

/** Text no rule should touch: words, digests, paths, times, URLs without credentials. */
const harmlessText = fc.oneof(
  fc.stringMatching(/^[a-z0-9 ,.]{0,30}$/),
  fc.stringMatching(/^[0-9a-f]{64}$/),
  fc.stringMatching(/^[0-9a-f]{40}$/),
  fc.constantFrom(
    'member m2 is down',
    'restart_member',
    'https://example.com:8443/v3/kv',
    '2024-05-01T12:30:00Z',
    'tokens_revoked=3',
    'token_id=tok-7',
    'the token was consumed',
    'ssh -p 8080 host',
    'kubectl port-forward --port 8080',
    'curl --user alice https://example.com',
    'docker run -u 1000:1000 etcd',
    'git push -u origin main',
    'mysql -u app -p appdb',
    'PWD=/home/op bypass=1',
  ),
)

/** Argument vectors without a secret: ports, users without a password, a prompt for one. */
const harmlessArgv = fc.constantFrom<Json>(
  ['ssh', '-p', '8080', 'host'],
  ['curl', '--user', 'alice', 'https://example.com'],
  ['docker', 'run', '-u', '1000:1000', 'etcd'],
  ['mysql', '-p', 'appdb'],
  ['ansible-playbook', '--ask-pass', 'site.yml'],
)

const harmlessLeaf: fc.Arbitrary<Json> = fc.oneof(
  harmlessText,
  harmlessArgv,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
)

const harmlessTree: fc.Arbitrary<Json> = fc.letrec<{ tree: Json }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    harmlessLeaf,
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.dictionary(harmlessKey, tie('tree'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).tree

/** Secrets on command lines: after a secret flag, in `user:pass`, in a tool's password flag, in `name=value`. */
const commandSecret: fc.Arbitrary<Planted> = fc
  .tuple(
    fc.constantFrom(
      (s: string) => `curl --password ${s} https://x`,
      (s: string) => `deploy --db-pass "${s}" --port 8080`,
      (s: string) => `keytool -storepass ${s} -keypass ${s}`,
      (s: string) => `mysql -uroot -p${s} appdb`,
      (s: string) => `mysqldump -p'${s}' appdb`,
      (s: string) => `sshpass -p ${s} ssh -p 2222 host`,
      (s: string) => `redis-cli -a ${s} ping`,
      (s: string) => `curl -u admin:${s} https://x`,
      (s: string) => `etcdctl --user root:${s} get /`,
      (s: string) => `etcdctl --user="root:${s}" get /`,
      (s: string) => `db_pass=${s} MYSQL_PWD=${s}`,
      (s: string) => `https://acct.blob.core.windows.net/c?sv=2024&sig=${s}&se=1`,
      (s: string) => `["--password","${s}"]`,
      (s: string) => `['mysql', '-p${s}']`,
    ),
    body(8, 32),
  )
  .map(([shape, s]) => ({ text: shape(s), secret: s }))

/** Secrets recognised by their shape inside free text. */
const patternSecret: fc.Arbitrary<Planted> = fc.oneof(
  body(16, 32).map((s) => ({ text: `Bearer ${s}`, secret: s })),
  body(16, 32).map((s) => ({ text: `Authorization: Basic ${s}`, secret: s })),
  fc
    .tuple(
      fc.constantFrom(
        'PASSWORD',
        'DB_PASSWORD',
        'api_key',
        'GITHUB_TOKEN',
        'client_secret',
        'AWS_SECRET_ACCESS_KEY',
        '--password',
      ),
      fc.constantFrom('=', ': ', ' = '),
      body(12, 40),
    )
    .map(([name, sep, s]) => ({ text: `${name}${sep}${s}`, secret: s })),
  body(12, 24).map((s) => ({ text: `password: "${s}"`, secret: s })),
  body(12, 24).map((s) => ({ text: `{"token":"${s}","token_id":"tok-1"}`, secret: s })),
  body(20, 60).map((s) => ({
    text: `-----BEGIN RSA PRIVATE KEY-----\nMII${s}\n-----END RSA PRIVATE KEY-----`,
    secret: s,
  })),
  body(20, 60).map((s) => ({ text: `-----BEGIN OPENSSH PRIVATE KEY-----\n${s}`, secret: s })),
  upper(16).map((s) => ({ text: `AKIA${s}`, secret: `AKIA${s}` })),
  body(36, 36).map((s) => ({ text: `ghp_${s}`, secret: s })),
  fc.tuple(fc.stringMatching(/^[0-9]{10,12}$/), body(16, 24)).map(([n, s]) => ({ text: `xoxb-${n}-${s}`, secret: s })),
  fc.stringMatching(/^[0-9A-Za-z_-]{35}$/).map((s) => ({ text: `AIza${s}`, secret: `AIza${s}` })),
  fc
    .tuple(body(8, 20), body(8, 40), body(16, 43))
    .map(([h, p, sig]) => ({ text: `eyJ${h}.eyJ${p}.${sig}`, secret: sig })),
  body(12, 24).map((s) => ({ text: `postgres://admin:${s}@db.example.com:5432/app`, secret: s })),
  commandSecret,
)

/** Values stored under a secret key: strings, numbers, or whole structures. */
const keyedValue = (s: string): fc.Arbitrary<Json> =>
  fc.constantFrom<Json>(s, [s], { user: s, list: [1, s] }, [[{ value: s }]])

type Plant =
  | { kind: 'key'; key: string; value: Json; secret: string }
  | { kind: 'text'; text: string; secret: string }
  | { kind: 'argv'; argv: Json[]; secret: string }

/** Argument vectors whose secret is an element of its own, or glued to its flag. */
const argvPlant: fc.Arbitrary<Plant> = fc
  .tuple(
    fc.constantFrom(
      (s: string) => ['psql', '--password', s, '--port', '5432'],
      (s: string) => ['cmd', '--api-key', s],
      (s: string) => ['docker', 'exec', 'db', 'mysql', '-uroot', `-p${s}`],
      (s: string) => ['sshpass', '-p', s, 'ssh', '-p', '2222', 'host'],
      (s: string) => ['redis-cli', '-a', s, 'ping'],
      (s: string) => ['curl', '-u', `admin:${s}`, 'https://x'],
    ),
    body(8, 32),
  )
  .map(([shape, s]): Plant => ({ kind: 'argv', argv: shape(s), secret: s }))

const plant: fc.Arbitrary<Plant> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...SECRET_KEYS), body(12, 32))
    .chain(([key, s]) => keyedValue(s).map((value): Plant => ({ kind: 'key', key, value, secret: s }))),
  fc
    .tuple(harmlessText, patternSecret, harmlessText)
    .map(([a, p, b]): Plant => ({ kind: 'text', text: `${a} ${p.text} ${b}`, secret: p.secret })),
  fc
    .integer({ min: 100_000, max: 999_999_999 })
    .map((n): Plant => ({ kind: 'key', key: 'pin_password', value: n, secret: String(n) })),
  argvPlant,
)

/** An argument vector is kept whole: a plant in place of its flag would change what it means. */
const isArgv = (tree: Json[]) => tree.some((x) => typeof x === 'string' && x.startsWith('-'))

/** Puts the secret somewhere in the tree, following `path` down objects and arrays. */
function plantAt(tree: Json, path: readonly number[], p: Plant): Json {
  const here: Json = p.kind === 'key' ? { [p.key]: p.value } : p.kind === 'argv' ? p.argv : p.text
  const [step, ...rest] = path
  if (Array.isArray(tree)) {
    if (step === undefined || step % 3 === 0 || tree.length === 0 || isArgv(tree)) return [...tree, here]
    const i = step % tree.length
    return tree.map((child, j) => (j === i ? plantAt(child, rest, p) : child))
  }
  if (tree !== null && typeof tree === 'object') {
    const keys = Object.keys(tree)
    if (step === undefined || step % 3 === 0 || keys.length === 0)
      return p.kind === 'key' ? { ...tree, [p.key]: p.value } : { ...tree, planted: here }
    const k = keys[step % keys.length] as string
    return { ...tree, [k]: plantAt(tree[k] ?? null, rest, p) }
  }
  return here
}

const plantedTree = fc
  .tuple(harmlessTree, fc.array(fc.tuple(plant, fc.array(fc.nat(), { maxLength: 6 })), { minLength: 1, maxLength: 4 }))
  .map(([tree, plants]) => ({
    tree: plants.reduce((t, [p, path]) => plantAt(t, path, p), tree),
    secrets: plants.map(([p]) => p.secret),
  }))

/** Keys and array lengths, leaves erased. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape)
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]))
  return null
}

describe('redaction properties', () => {
  it('never lets a planted secret survive, by key or by pattern, at any depth and inside arrays', () => {
    fc.assert(
      fc.property(plantedTree, ({ tree, secrets }) => {
        const out = JSON.stringify(redact(tree))
        for (const s of secrets) expect(out).not.toContain(s)
      }),
      { numRuns: 500 },
    )
  })

  it('is idempotent on planted trees and on arbitrary JSON', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          plantedTree.map((p) => p.tree),
          fc.jsonValue(),
        ),
        (x) => {
          const once = redact(x)
          expect(redact(once)).toStrictEqual(once)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('is idempotent on free text mixing secrets, separators and quotes', () => {
    const noisy = fc.array(
      fc.oneof(
        patternSecret.map((p) => p.text),
        fc.constantFrom('=', ':', '"', "'", ' ', '\n', '@', '//', '[REDACTED]', 'token', 'Bearer', ','),
        fc.constantFrom('--password', '-u', '--user', 'mysql', 'sshpass', '-p', '-a', 'sig', 'db_pass', '$', '-'),
        fc.string({ maxLength: 8 }),
      ),
      { maxLength: 8 },
    )
    fc.assert(
      fc.property(noisy, (parts) => {
        const once = redactText(parts.join(''))
        expect(redactText(once)).toBe(once)
      }),
      { numRuns: 1000 },
    )
  })

  it('leaves data without secrets unchanged', () => {
    fc.assert(
      fc.property(harmlessTree, (tree) => {
        expect(redact(tree)).toStrictEqual(tree)
      }),
      { numRuns: 500 },
    )
  })

  it('keeps the shape: the same keys and array lengths at every depth', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          plantedTree.map((p) => p.tree),
          fc.jsonValue(),
        ),
        (x) => {
          expect(shape(redact(x))).toStrictEqual(shape(x))
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('redaction rules', () => {
  it('treats token ids, counts and digests as harmless but a token signature as secret', () => {
    const out = redact({
      token_id: 'tok-1',
      tokens_revoked: 2,
      content_hash: 'ab'.repeat(32),
      policy_digest: 'cd'.repeat(32),
      token_signature: 'ef'.repeat(32),
      token: 't0k3n-value',
    })
    expect(out).toEqual({
      token_id: 'tok-1',
      tokens_revoked: 2,
      content_hash: 'ab'.repeat(32),
      policy_digest: 'cd'.repeat(32),
      token_signature: REDACTED,
      token: REDACTED,
    })
  })

  it('keeps the user of a URL and redacts its password', () => {
    expect(redactText('redis://ops:hunter2hunter2@cache:6379/0')).toBe(`redis://ops:${REDACTED}@cache:6379/0`)
  })

  it('redacts an Authorization header inside a quoted shell argument up to its closing quote', () => {
    expect(redactText('curl -H "Authorization: Basic dXNlcjpwYXNz" https://x')).toBe(
      `curl -H "Authorization: ${REDACTED}" https://x`,
    )
  })

  it('leaves a header that only refers to a shell variable', () => {
    expect(redactText('curl -H "Authorization: Bearer $TOKEN" https://x')).toBe(
      'curl -H "Authorization: Bearer $TOKEN" https://x',
    )
  })

  it('redacts an AWS secret key by its name, not a bare 40-character digest', () => {
    const sha1 = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3'
    expect(redactText(`aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY commit ${sha1}`)).toBe(
      `aws_secret_access_key = ${REDACTED} commit ${sha1}`,
    )
  })

  it('redacts a private key block cut off before its END line', () => {
    expect(redactText('key:\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIabc')).toBe(`key:\n${REDACTED}`)
  })

  it('replaces a reference cycle instead of recursing forever', () => {
    const a: Record<string, unknown> = { name: 'a', password: 'p4ss' }
    a.self = a
    a.list = [a]
    expect(redact(a)).toEqual({ name: 'a', password: REDACTED, self: CIRCULAR, list: [CIRCULAR] })
  })

  it('redacts an object shared twice (not a cycle) in both places', () => {
    const shared = { api_key: 'k-123456789' }
    expect(redact({ a: shared, b: shared })).toEqual({ a: { api_key: REDACTED }, b: { api_key: REDACTED } })
  })

  it('keeps an error an error, with its message redacted', () => {
    const out = redact({ err: new TypeError('login failed: password=hunter2hunter2') }).err
    expect(out).toBeInstanceOf(TypeError)
    expect(out.message).toBe(`login failed: password=${REDACTED}`)
    expect(out.stack).not.toContain('hunter2hunter2')
  })

  it('keeps dates and leaves booleans and nulls under secret keys', () => {
    const when = new Date(0)
    expect(redact({ when, has_token: true, password: null })).toEqual({ when, has_token: true, password: null })
  })
})
