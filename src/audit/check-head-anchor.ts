/**
 * The log's head anchor carried by a package (schema_version 2): with the
 * secret, its HMAC must verify; it must not be older than the range's last
 * event (every commit that appends moves it, so it was written when that
 * event committed); where its seq falls inside the range or on the head the
 * package records, the hashes must agree; and with the live log, the log
 * must still hold the anchored seq with that hash, else it was cut off or
 * rewritten after the export. Skipped, with the reason, for version 1
 * packages, a log that had no anchor, or without the secret.
 */
import { anchorHmacMatches } from './anchor-signature.js'
import type { LiveLog } from './check-anchor.js'
import type { GivenSecret } from './check-token.js'
import { AnchorData, ChainData } from './package-schema.js'
import { field, readPart } from './read-part.js'
import { fail, type PackageCheck, pass, skip } from './verification-report.js'

const ID = 'head_anchor'
const TITLE = 'head anchor at export (HMAC-SHA256 of the last seq and hash) covers the range'

export function checkHeadAnchor(raw: unknown, given: GivenSecret | null, live: LiveLog | null): PackageCheck {
  if (field(raw, 'schema_version') === 1) return skip(ID, TITLE, 'a schema_version 1 package carries no head anchor')
  const part = readPart(raw, 'anchor', AnchorData)
  if (!part.ok) return fail(ID, TITLE, part.problem)
  const a = part.data
  if (a === null) return skip(ID, TITLE, 'the log had no head anchor when the package was exported')
  if (!given)
    return skip(ID, TITLE, 'no secret given: set OPERATOR_TOKEN_SECRET or pass --secret-file to verify the anchor')
  if (!anchorHmacMatches(given.secret, a))
    return fail(ID, TITLE, `anchor forged or written with another secret: its HMAC does not verify (${given.source})`)
  const chain = readPart(raw, 'chain', ChainData)
  if (!chain.ok) return fail(ID, TITLE, chain.problem)
  const c = chain.data
  const problems: string[] = []
  if (a.seq < c.last_seq)
    problems.push(
      `the anchor names seq ${a.seq}, before the range's last event ${c.last_seq}: it does not cover the range`,
    )
  const inRange = c.events.find((e) => e.seq === a.seq)
  if (inRange && inRange.hash !== a.hash)
    problems.push(`seq ${a.seq} has hash ${inRange.hash} in the range, the anchor names ${a.hash}`)
  if (a.seq === c.head_seq && c.head_hash !== a.hash)
    problems.push(`the head at export (seq ${c.head_seq}) has hash ${c.head_hash}, the anchor names ${a.hash}`)
  const liveHash = live ? live.hashAt(a.seq) : undefined
  if (live && liveHash === null)
    problems.push(`${live.source} has no seq ${a.seq}: the log was cut off after the export`)
  if (live && liveHash && liveHash !== a.hash)
    problems.push(`${live.source} has another hash at seq ${a.seq}: the log was rewritten after the export`)
  if (problems.length) return fail(ID, TITLE, problems.join('; '))
  const where = inRange ? 'inside the range' : a.seq === c.head_seq ? 'the head at export' : 'past the range'
  const inLive = live ? `, and ${live.source} still holds it` : ''
  return pass(ID, TITLE, `seq ${a.seq} (${where}) verifies with the secret from ${given.source}${inLive}`)
}
