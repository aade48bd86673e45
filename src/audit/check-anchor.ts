/**
 * Optional anchor in the live log: offline, a range can be rewritten and
 * rehashed consistently (only the token HMAC resists without the secret), so
 * when a database is given the range's hashes, the hash before it and the
 * head at export must all still be in that log, and the log must verify.
 * Skipped, with the reason, when no database is given.
 */
import { type ChainReport, GENESIS_HASH, verifyChain } from '../store/audit-log.js'
import type { Db } from '../store/open-database.js'
import { ChainData } from './package-schema.js'
import { readPart } from './read-part.js'
import { fail, type PackageCheck, pass, skip } from './verification-report.js'

/** The live log as the anchor check needs it. */
export interface LiveLog {
  source: string
  hashAt(seq: number): string | null
  verify(): ChainReport
}

const TITLE = 'chain range is anchored in the live log'

export function checkChainAnchor(raw: unknown, live: LiveLog | null): PackageCheck {
  if (!live) return skip('chain_anchor', TITLE, 'no database given: pass --db to compare the range with the live log')
  const part = readPart(raw, 'chain', ChainData)
  if (!part.ok) return fail('chain_anchor', TITLE, part.problem)
  const c = part.data
  const problems: string[] = []
  const report = live.verify()
  if (!report.ok) problems.push(`the live log is broken at seq ${report.broken_seq}: ${report.reason}`)
  const before = c.first_seq === 1 ? GENESIS_HASH : live.hashAt(c.first_seq - 1)
  if (before !== c.before_hash)
    problems.push(`the hash before the range differs from the live log's seq ${c.first_seq - 1}`)
  const differing = c.events.filter((e) => live.hashAt(e.seq) !== e.hash).map((e) => e.seq)
  if (differing.length)
    problems.push(`seq ${differing.slice(0, 5).join(', ')}${differing.length > 5 ? ' …' : ''} differ from the live log`)
  if (live.hashAt(c.head_seq) !== c.head_hash)
    problems.push(`the head at export (seq ${c.head_seq}) is not in the live log`)
  if (problems.length) return fail('chain_anchor', TITLE, problems.join('; '))
  return pass('chain_anchor', TITLE, `seq ${c.first_seq}..${c.last_seq} and head ${c.head_seq} match ${live.source}`)
}

export function liveLog(db: Db, source: string): LiveLog {
  const bySeq = db.prepare('SELECT hash FROM events WHERE seq = ?')
  return {
    source,
    hashAt: (seq) => (bySeq.get(seq) as { hash: string } | undefined)?.hash ?? null,
    verify: () => verifyChain(db),
  }
}
