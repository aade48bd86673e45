/**
 * Keeping the head anchor current. Every write transaction that appended
 * events moves the anchor to the new head just before COMMIT, still holding
 * the write lock, so two processes never race it. The anchor never moves
 * backwards, and an anchor that no longer agrees with the log (unreadable,
 * forged or keyed with another secret, naming a seq whose hash the log
 * contradicts, or deleted after anchoring started) is never replaced: it is
 * the evidence `operator audit verify` reports, until a person runs
 * `operator audit reanchor`. The first anchor of a log is preceded by an
 * `audit.anchor_started` event, so that deleting the file later shows.
 */
import { rmSync } from 'node:fs'
import { operatorHost } from '../core/host.js'
import { appendEvent, completeEvent, prepareEvent, takeAppended } from './audit-log.js'
import {
  ANCHOR_LABEL,
  anchorKey,
  anchorSigned,
  anchorText,
  type HeadAnchor,
  readAnchorFile,
  signAnchor,
  writeAnchorFile,
} from './head-anchor.js'
import type { Db } from './open-database.js'
import { setCommitHook, writeTx } from './tx.js'

/** The events that say a log is anchored: from the first of them on, a missing anchor is a failure. */
export const ANCHOR_STARTED = 'audit.anchor_started'
export const REANCHORED = 'audit.reanchored'

export interface AnchorConfig {
  /** The anchor file (config/home.ts anchorPath). */
  path: string
  /** The token-signing secret the anchor key is derived from. */
  secret: string
}

/** Anchors every later commit of this handle that appends events. */
export function enableAnchoring(db: Db, cfg: AnchorConfig): void {
  const key = anchorKey(cfg.secret)
  setCommitHook(db, () => advance(db, cfg.path, key))
}

function advance(db: Db, path: string, key: Buffer): (() => void) | undefined {
  const head = takeAppended(db)
  if (!head) return undefined
  const file = readAnchorFile(path)
  if (file.state === 'unreadable') return undefined
  if (file.state === 'present') {
    const a = file.anchor
    if (a.seq >= head.seq || !anchorSigned(key, a) || hashAt(db, a.seq) !== a.hash) return undefined
    return replace(path, signAnchor(key, head.seq, head.hash), file.text)
  }
  if (anchoredSince(db) !== null) return undefined
  const payload = { anchor_file: path, scheme: ANCHOR_LABEL, host: operatorHost() }
  const started = appendEvent(db, { run_id: null, actor: 'operator', type: ANCHOR_STARTED, payload }, head.ts)
  takeAppended(db)
  return replace(path, signAnchor(key, started.seq, started.hash), null)
}

/** Writes the anchor; the returned undo puts the old file back if the COMMIT fails and nobody wrote since. */
function replace(path: string, next: HeadAnchor, previous: string | null): () => void {
  const text = anchorText(next)
  writeAnchorFile(path, text)
  return () => {
    const now = readAnchorFile(path)
    if (now.state !== 'present' || now.text !== text) return
    if (previous === null) rmSync(path, { force: true })
    else writeAnchorFile(path, previous)
  }
}

function hashAt(db: Db, seq: number): string | null {
  return (db.prepare('SELECT hash FROM events WHERE seq = ?').get(seq) as { hash: string } | undefined)?.hash ?? null
}

/**
 * The seq of the first event saying this host anchors the log, or null when
 * it never did. Each host sharing a PostgreSQL store keeps an anchor of its
 * own (in its OPERATOR_HOME); an event from before hosts were named counts
 * for every host.
 */
export function anchoredSince(db: Db): number | null {
  const row = db
    .prepare(
      `SELECT MIN(seq) AS seq FROM events WHERE type IN (?, ?)
         AND (json_extract(payload, '$.host') IS NULL OR json_extract(payload, '$.host') = ?)`,
    )
    .get(ANCHOR_STARTED, REANCHORED, operatorHost()) as { seq: number | null }
  return row.seq
}

/**
 * A person's reset of the anchor after investigating a failure: records who,
 * why and what the old anchor said in an `audit.reanchored` event, and
 * anchors that event, whatever the old file held.
 */
export function reanchor(db: Db, cfg: AnchorConfig, by: string, reason: string, now: number): HeadAnchor {
  const key = anchorKey(cfg.secret)
  const event = prepareEvent({ run_id: null, actor: by, type: REANCHORED, payload: { reason, host: operatorHost() } })
  return writeTx(db, () => {
    const found = readAnchorFile(cfg.path)
    const late = {
      found: found.state,
      previous: found.state === 'present' ? found.anchor : null,
      problem: found.state === 'unreadable' ? found.problem : null,
    }
    const e = appendEvent(db, completeEvent(event, late), now)
    takeAppended(db)
    const a = signAnchor(key, e.seq, e.hash)
    writeAnchorFile(cfg.path, anchorText(a))
    return a
  })
}
