/**
 * `operator audit verify`: walk the hash chain and name the first broken
 * link, then hold the log to its head anchor; `audit reanchor` resets the
 * anchor after a person has looked; `audit export` and `audit
 * verify-package` (audit-package.ts).
 */
import type { Command } from 'commander'
import { z } from 'zod'
import { anchorPath } from '../config/home.js'
import { CODE_EXIT, OperatorError } from '../core/errors.js'
import { resolveSigningKey } from '../safety/token-secret.js'
import { reanchor } from '../store/anchor-commit.js'
import type { ChainReport } from '../store/audit-log.js'
import { checkHead, type HeadReport } from '../store/verify-head.js'
import { readAnchorSecret } from './anchor-key.js'
import { registerAuditPackage } from './audit-package.js'
import { output, parseOptions, paths, withStore } from './context.js'

const VerifyOptions = z.object({ json: z.boolean().optional() })
const ReanchorOptions = z.object({ as: z.string().min(1), reason: z.string().min(1), json: z.boolean().optional() })

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log')
  audit
    .command('verify')
    .description('verify the whole chain and its head anchor; exit 10 at the first broken link or a cut-off end')
    .option('--json', 'print the report as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(VerifyOptions, raw, 'audit verify')
      const { home, db } = paths()
      await withStore(
        async (store) => {
          const chain = store.verifyChain()
          const anchor = await checkHead(store.db, anchorPath(db, home), readAnchorSecret(home))
          const report = { ...chain, ok: chain.ok && anchor.ok, anchor }
          output(o.json, report, () => verifyText(chain, anchor))
          if (!report.ok) process.exitCode = CODE_EXIT.audit_broken
        },
        { readonly: true },
      )
    })
  audit
    .command('reanchor')
    .description('after investigating a failed anchor: record who and why, and anchor the log at its head again')
    .requiredOption('--as <name>', 'who resets the anchor')
    .requiredOption('--reason <text>', 'what was found and why the log may be anchored again')
    .option('--json', 'print the new anchor as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(ReanchorOptions, raw, 'audit reanchor')
      const { home, db } = paths()
      const key = resolveSigningKey(home)
      if (key.secret === null)
        throw new OperatorError('safety', `cannot key the audit anchor: ${key.problem}`, 'fix the token secret first', {
          code: 'secret_missing',
        })
      const secret = key.secret
      const anchor = await withStore((store) =>
        reanchor(store.db, { path: anchorPath(db, home), secret }, o.as, o.reason, store.clock.now()),
      )
      output(o.json, anchor, (a) => `anchored at seq ${a.seq} (${anchorPath(db, home)}), recorded as audit.reanchored`)
    })
  registerAuditPackage(audit)
}

function verifyText(chain: ChainReport, anchor: HeadReport): string {
  if (!chain.ok) return `audit chain BROKEN at seq ${chain.broken_seq}: ${chain.reason}`
  if (!anchor.ok) return `audit chain BROKEN: ${anchor.message}`
  const intact = `audit chain intact: ${chain.events} events, head ${chain.head_hash}`
  return anchor.status === 'unanchored' ? `${intact}\nwarning: ${anchor.message}` : `${intact}; ${anchor.message}`
}
