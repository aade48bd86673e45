/**
 * Chain range continuity: the range covers first_seq..last_seq without a
 * gap, starts from the hash just before it, each event's prev_hash is the
 * previous event's hash, each full event's hash recomputes from its contents
 * (bare links cannot be recomputed, only linked), and the range agrees with
 * the head hash when it ends at the head.
 */
import { eventHash } from '../store/audit-log.js'
import { ChainData } from './package-schema.js'
import { readPart } from './read-part.js'
import { fail, type PackageCheck, pass } from './verification-report.js'

const TITLE = 'hash-chain range is continuous and every event recomputes'
const MAX_SHOWN = 5

export function checkChainContinuity(raw: unknown): PackageCheck {
  const part = readPart(raw, 'chain', ChainData)
  if (!part.ok) return fail('chain_continuity', TITLE, part.problem)
  const c = part.data
  const problems: string[] = []
  const expectedCount = c.last_seq - c.first_seq + 1
  if (c.events.length !== expectedCount)
    problems.push(
      `range ${c.first_seq}..${c.last_seq} needs ${expectedCount} events, the package has ${c.events.length}`,
    )
  if (c.head_seq < c.last_seq) problems.push(`head seq ${c.head_seq} is before the range's end ${c.last_seq}`)
  let prevHash = c.before_hash
  c.events.forEach((e, i) => {
    const seq = c.first_seq + i
    if (e.seq !== seq) problems.push(`event ${i} has seq ${e.seq}, expected ${seq}`)
    if (e.prev_hash !== prevHash)
      problems.push(
        `seq ${e.seq}: prev_hash does not match the ${i === 0 ? 'hash before the range' : 'previous event’s hash'}`,
      )
    if (e.kind === 'event' && eventHash(e.prev_hash, e) !== e.hash)
      problems.push(`seq ${e.seq} (${e.type}): hash does not match the event’s contents`)
    prevHash = e.hash
  })
  const last = c.events.at(-1)
  if (last && c.head_seq === c.last_seq && last.hash !== c.head_hash)
    problems.push('the range ends at the head but its last hash is not the head hash')
  if (problems.length) {
    const more = problems.length > MAX_SHOWN ? ` (and ${problems.length - MAX_SHOWN} more)` : ''
    return fail('chain_continuity', TITLE, `${problems.slice(0, MAX_SHOWN).join('; ')}${more}`)
  }
  const full = c.events.filter((e) => e.kind === 'event').length
  const others = c.events.length - full
  const range = `seq ${c.first_seq}..${c.last_seq}`
  const head = `head ${c.head_seq} ${c.head_hash}`
  return pass(
    'chain_continuity',
    TITLE,
    `${range}: ${full} event(s) about the proposal recompute, ${others} other(s) link; ${head}`,
  )
}
