/**
 * The log against its head anchor, for `operator audit verify`: the anchor
 * must verify with the key derived from the token secret, and the log must
 * still hold the anchored seq with the anchored hash.
 *
 * A missing anchor is a failure once the log says anchoring started (an
 * `audit.anchor_started` or `audit.reanchored` event, itself protected by
 * the chain): otherwise deleting the file would be the easy way around the
 * anchor. Before that (a log written only without the secret, or by an
 * Operator older than anchoring) it is a warning: there is nothing to hold
 * the log to, and failing would only make every such log look tampered.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { anchoredSince } from './anchor-commit.js'
import { anchorKey, anchorSigned, readAnchorFile } from './head-anchor.js'
import type { Db } from './open-database.js'

export type HeadStatus =
  | 'anchored'
  | 'empty'
  | 'unanchored'
  | 'missing'
  | 'unreadable'
  | 'unkeyed'
  | 'forged'
  | 'truncated'
  | 'rewritten'

export interface HeadReport {
  ok: boolean
  status: HeadStatus
  file: string
  /** The anchored seq and hash (null without a readable anchor). */
  seq: number | null
  hash: string | null
  /** The log's newest seq when checked (0: empty). */
  log_seq: number
  /** Events newer than the anchor: written without the secret, or an older anchor was put back. */
  unanchored: number
  message: string
}

/** The token-signing secret, or why there is none. */
export type HeadKey = { secret: string } | { secret: null; problem: string }

/**
 * Checks the anchor file against the log. A writer writes the anchor just
 * before its COMMIT, so an anchored seq not yet in the log is waited for
 * (up to waitMs) before it counts as cut off.
 */
export async function checkHead(db: Db, file: string, key: HeadKey, waitMs = 2000): Promise<HeadReport> {
  const logSeq = () => (db.prepare('SELECT MAX(seq) AS seq FROM events').get() as { seq: number | null }).seq ?? 0
  const report = (ok: boolean, status: HeadStatus, message: string, a?: { seq: number; hash: string }) => {
    const log_seq = logSeq()
    const unanchored = a && ok ? Math.max(0, log_seq - a.seq) : 0
    return { ok, status, file, seq: a?.seq ?? null, hash: a?.hash ?? null, log_seq, unanchored, message }
  }
  const found = readAnchorFile(file)
  if (found.state === 'missing') {
    if (logSeq() === 0) return report(true, 'empty', 'the log is empty')
    const since = anchoredSince(db)
    if (since !== null)
      return report(
        false,
        'missing',
        `the anchor ${file} is missing, but the log has been anchored since seq ${since}: it was deleted, or the database was copied without it`,
      )
    return report(
      true,
      'unanchored',
      `no anchor at ${file}: events cut off the end of the log would not be detected (the first command that appends with the token secret writes one)`,
    )
  }
  if (found.state === 'unreadable')
    return report(false, 'unreadable', `the anchor ${file} is unreadable: ${found.problem}`)
  const a = found.anchor
  if (key.secret === null)
    return report(false, 'unkeyed', `the anchor cannot be checked without the token secret: ${key.problem}`, a)
  if (!anchorSigned(anchorKey(key.secret), a))
    return report(false, 'forged', `anchor forged or written with another secret (${file})`, a)
  const hashAt = db.prepare('SELECT hash FROM events WHERE seq = ?')
  let logHash = (hashAt.get(a.seq) as { hash: string } | undefined)?.hash
  for (const until = Date.now() + waitMs; logHash === undefined && Date.now() < until; ) {
    await sleep(25)
    logHash = (hashAt.get(a.seq) as { hash: string } | undefined)?.hash
  }
  if (logHash === undefined)
    return report(
      false,
      'truncated',
      `truncated after seq ${logSeq()}: the anchor names seq ${a.seq} (hash ${a.hash})`,
      a,
    )
  if (logHash !== a.hash)
    return report(
      false,
      'rewritten',
      `seq ${a.seq} has hash ${logHash} in the log, the anchor names ${a.hash}: the log was rewritten up to there`,
      a,
    )
  const newer = logSeq() - a.seq
  const note = newer > 0 ? `; ${newer} newer event(s) not anchored (written without the token secret?)` : ''
  return report(true, 'anchored', `anchored at seq ${a.seq}${note}`, a)
}
