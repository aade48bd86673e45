/** Text rendering of a package verification: one ✔/✘/– line per check with its reason, then a verdict. */
import type { CheckStatus, PackageVerification } from './verification-report.js'

const MARK: Record<CheckStatus, string> = { pass: '✔', fail: '✘', skipped: '–' }

export function renderVerification(r: PackageVerification): string {
  const width = Math.max(...r.checks.map((c) => c.id.length))
  const lines = r.checks.map((c) => `${MARK[c.status]} ${c.id.padEnd(width)}  ${c.title}: ${c.reason}`)
  const failed = r.checks.filter((c) => c.status === 'fail').map((c) => c.id)
  const skipped = r.checks.filter((c) => c.status === 'skipped').length
  const what = `${r.file ?? 'package'}${r.proposal_id ? ` (${r.proposal_id})` : ''}`
  lines.push(
    r.ok ? `${what}: intact${skipped ? `, ${skipped} check(s) skipped` : ''}` : `${what}: FAILED ${failed.join(', ')}`,
  )
  return lines.join('\n')
}
