/**
 * `operator audit verify`: walk the hash chain and name the first broken
 * link; `audit export` and `audit verify-package` (audit-package.ts).
 */
import type { Command } from 'commander'
import { z } from 'zod'
import { registerAuditPackage } from './audit-package.js'
import { output, parseOptions, withStore } from './context.js'

const VerifyOptions = z.object({ json: z.boolean().optional() })

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log')
  audit
    .command('verify')
    .description('verify the whole chain; exit non-zero at the first broken link')
    .option('--json', 'print the report as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(VerifyOptions, raw, 'audit verify')
      await withStore(
        (store) => {
          const report = store.verifyChain()
          output(o.json, report, (r) =>
            r.ok
              ? `audit chain intact: ${r.events} events, head ${r.head_hash}`
              : `audit chain BROKEN at seq ${r.broken_seq}: ${r.reason}`,
          )
          if (!report.ok) process.exitCode = 10
        },
        { readonly: true },
      )
    })
  registerAuditPackage(audit)
}
