/**
 * The head anchor: {seq, hash, hmac} of the audit log's newest event, kept
 * in a file outside the database so that events cut off the end of the log
 * show. hmac = HMAC-SHA256(key, canonical_json({hash, seq})) in hex, where
 * key = HMAC-SHA256(token-signing secret, ANCHOR_LABEL): a key of its own,
 * derived with a fixed label, never the token key itself. Written atomically
 * (temp file, then rename over the old one; mode 0600).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { z } from 'zod'
import { canonicalJson } from '../core/canonical-json.js'
import { errorMessage, OperatorError } from '../core/errors.js'

export const ANCHOR_LABEL = 'operator audit head anchor v1'

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/)
export const HeadAnchor = z.strictObject({ seq: z.number().int().positive(), hash: Hex64, hmac: Hex64 })
export type HeadAnchor = z.infer<typeof HeadAnchor>

/** The anchor key derived from the token-signing secret (trimmed, as the token signer trims it). */
export function anchorKey(secret: string): Buffer {
  return createHmac('sha256', secret.trim()).update(ANCHOR_LABEL, 'utf8').digest()
}

export function signAnchor(key: Buffer, seq: number, hash: string): HeadAnchor {
  return { seq, hash, hmac: anchorHmac(key, seq, hash) }
}

/** Whether the anchor's HMAC was made with this key. */
export function anchorSigned(key: Buffer, a: HeadAnchor): boolean {
  const expected = Buffer.from(anchorHmac(key, a.seq, a.hash), 'hex')
  return timingSafeEqual(expected, Buffer.from(a.hmac, 'hex'))
}

function anchorHmac(key: Buffer, seq: number, hash: string): string {
  return createHmac('sha256', key).update(canonicalJson({ seq, hash }), 'utf8').digest('hex')
}

export type AnchorFile =
  | { state: 'missing' }
  | { state: 'unreadable'; problem: string }
  | { state: 'present'; anchor: HeadAnchor; text: string }

export function readAnchorFile(path: string): AnchorFile {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' }
    return { state: 'unreadable', problem: errorMessage(err) }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { state: 'unreadable', problem: 'it is not JSON' }
  }
  const parsed = HeadAnchor.safeParse(json)
  if (!parsed.success) return { state: 'unreadable', problem: 'it is not {seq, hash, hmac}' }
  return { state: 'present', anchor: parsed.data, text }
}

/** The file's text for an anchor: one JSON line. */
export function anchorText(a: HeadAnchor): string {
  return `${JSON.stringify({ seq: a.seq, hash: a.hash, hmac: a.hmac })}\n`
}

/** Replaces the file atomically: a reader sees the old anchor or the new one, never half of either. */
export function writeAnchorFile(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`
  const create = () => writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' })
  try {
    try {
      create()
    } catch (err) {
      // Left behind by a crash of an earlier process with this pid: its mode cannot be trusted.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      rmSync(tmp, { force: true })
      create()
    }
    renameSync(tmp, path)
  } catch (err) {
    rmSync(tmp, { force: true })
    throw new OperatorError(
      'database',
      `cannot write the audit head anchor ${path}: ${errorMessage(err)}`,
      'make the directory of the database writable; nothing was written',
    )
  }
}
