/**
 * `operator audit export PROPOSAL_ID [--out FILE] [--json]` and
 * `operator audit verify-package FILE [--json] [--secret-file F] [--db F]`:
 * write the audit package of one proposal, and check one offline (the
 * database only when --db asks to anchor the chain range in it).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { z } from 'zod'
import { liveLog } from '../audit/check-anchor.js'
import { exportPackage } from '../audit/export-package.js'
import type { AuditPackage } from '../audit/package-schema.js'
import { renderVerification } from '../audit/render-verification.js'
import { type GivenSecret, verifyPackage } from '../audit/verify-package.js'
import { anchorPath } from '../config/home.js'
import { redactDbUrl } from '../core/db-url.js'
import { errorMessage, OperatorError } from '../core/errors.js'
import { Store } from '../store/store.js'
import { output, parseOptions, paths, withStore } from './context.js'

/** Exit code of a package that fails verification, as `audit verify` uses for a broken chain. */
const VERIFY_FAILED = 10

const ExportOptions = z.object({ out: z.string().min(1).optional(), json: z.boolean().optional() })
const VerifyPackageOptions = z.object({
  json: z.boolean().optional(),
  secretFile: z.string().min(1).optional(),
  db: z.string().min(1).optional(),
})

export function registerAuditPackage(audit: Command): void {
  audit
    .command('export')
    .description(
      'write the audit package of a proposal: request, policy, approvals, token, execution, verification, its hash-chain range and the head anchor',
    )
    .argument('<proposal>', 'proposal id, e.g. P-3')
    .option('--out <file>', 'write the package to this file (default: print it)')
    .option('--json', 'with --out, print the summary as JSON')
    .action(async (id: string, raw: unknown) => {
      const o = parseOptions(ExportOptions, raw, 'audit export')
      const anchor = anchorPath(paths().db, paths().home)
      const pkg = await withStore((store) => exportPackage(store.db, id, store.clock.now(), anchor), {
        readonly: true,
      })
      const text = `${JSON.stringify(pkg, null, 2)}\n`
      if (!o.out) {
        process.stdout.write(text)
        return
      }
      try {
        // The package carries token signatures: readable by its owner only.
        writeFileSync(o.out, text, { mode: 0o600 })
      } catch (err) {
        throw new OperatorError(
          'usage',
          `cannot write ${o.out}: ${errorMessage(err)}`,
          'choose a writable path for --out',
        )
      }
      output(o.json, summary(pkg, o.out), (s) => {
        const events = `events ${s.chain.first_seq}..${s.chain.last_seq}, head ${s.chain.head_seq}`
        return `${s.proposal_id}: wrote ${s.file} (binding digest ${s.binding_digest}, ${events})`
      })
    })

  audit
    .command('verify-package')
    .description(
      'check an audit package offline: schema, digests, token signature, chain range, head anchor, approvals against the rule',
    )
    .argument('<file>', 'a package written by `operator audit export`')
    .option('--json', 'print the report as JSON')
    .option(
      '--secret-file <file>',
      'the token signing secret (else OPERATOR_TOKEN_SECRET; without either the signature and anchor checks are skipped)',
    )
    .option('--db <file>', 'also anchor the chain range in this live database (read only)')
    .action((file: string, raw: unknown) => {
      const o = parseOptions(VerifyPackageOptions, raw, 'audit verify-package')
      const pkg = readPackage(file)
      const secret = givenSecret(o.secretFile)
      const store = o.db ? new Store(o.db, { readonly: true }) : null
      try {
        const report = verifyPackage(pkg, {
          secret,
          live: store ? liveLog(store.db, redactDbUrl(o.db ?? store.path)) : null,
          file,
        })
        output(o.json, report, renderVerification)
        if (!report.ok) process.exitCode = VERIFY_FAILED
      } finally {
        store?.close()
      }
    })
}

function summary(pkg: AuditPackage, file: string) {
  const { first_seq, last_seq, head_seq, head_hash } = pkg.parts.chain.data
  return {
    file,
    proposal_id: pkg.proposal_id,
    binding_digest: pkg.binding_digest,
    digests: Object.fromEntries(Object.entries(pkg.parts).map(([name, part]) => [name, part.digest])),
    chain: { first_seq, last_seq, head_seq, head_hash },
  }
}

function readPackage(file: string): unknown {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new OperatorError(
      'not_found',
      `cannot read ${file}: ${errorMessage(err)}`,
      'pass a file written by `operator audit export --out`',
    )
  }
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new OperatorError(
      'usage',
      `${file} is not JSON: ${errorMessage(err)}`,
      'pass a file written by `operator audit export --out`',
    )
  }
}

function givenSecret(secretFile: string | undefined): GivenSecret | null {
  if (secretFile) {
    let secret: string
    try {
      secret = readFileSync(secretFile, 'utf8').trim()
    } catch (err) {
      throw new OperatorError(
        'not_found',
        `cannot read the secret file ${secretFile}: ${errorMessage(err)}`,
        'pass the signing secret file, e.g. OPERATOR_HOME/token.secret',
        { code: 'secret_missing' },
      )
    }
    if (!secret)
      throw new OperatorError(
        'usage',
        `the secret file ${secretFile} is empty`,
        'pass the signing secret file, e.g. OPERATOR_HOME/token.secret',
        { code: 'secret_missing' },
      )
    return { secret, source: `--secret-file ${secretFile}` }
  }
  const env = process.env.OPERATOR_TOKEN_SECRET?.trim()
  return env ? { secret: env, source: 'OPERATOR_TOKEN_SECRET' } : null
}
