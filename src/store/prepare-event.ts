/**
 * Events made ready before the write transaction: the payload is redacted
 * and each of its fields turned into canonical JSON here, so inside the
 * transaction an append only reads prev_hash, joins strings and hashes them.
 * The joined text is byte-identical to canonical_json of the whole event
 * (RFC 8785 orders keys by UTF-16 code units, as Array.prototype.sort does).
 */
import { canonicalJson } from '../core/canonical-json.js'
import type { NewEvent } from '../core/records.js'
import { redact } from '../core/redact.js'

/** An event whose payload is redacted and canonicalized; only seq and ts are still to come. */
export interface PreparedEvent {
  readonly prepared: true
  run_id: string | null
  actor: string
  type: string
  /** The redacted payload. */
  payload: Record<string, unknown>
  /** The payload's canonical JSON, as stored and hashed. */
  payloadJson: string
  /** Canonical JSON of each payload field, by key. */
  fields: ReadonlyMap<string, string>
}

/** Redacts and canonicalizes an event's payload: call it before BEGIN IMMEDIATE. */
export function prepareEvent(event: NewEvent): PreparedEvent {
  const payload = redact(event.payload)
  const fields = fieldsOf(payload)
  const { run_id, actor, type } = event
  return { prepared: true, run_id, actor, type, payload, payloadJson: objectJson(fields), fields }
}

/**
 * Adds the payload fields known only inside the transaction (an id just
 * allocated, the state just read): small values, redacted and canonicalized
 * there. They must not repeat a prepared field.
 */
export function completeEvent(p: PreparedEvent, late: Record<string, unknown>): PreparedEvent {
  const redacted = redact(late)
  const fields = new Map(p.fields)
  for (const [key, json] of fieldsOf(redacted)) {
    if (fields.has(key)) throw new TypeError(`payload field ${key} was already prepared`)
    fields.set(key, json)
  }
  return { ...p, payload: { ...p.payload, ...redacted }, payloadJson: objectJson(fields), fields }
}

/** Whether an event was prepared already (appendEvent prepares a plain one itself). */
export function isPrepared(e: NewEvent | PreparedEvent): e is PreparedEvent {
  return 'prepared' in e && e.prepared === true
}

/** canonical_json({seq, ts, run_id, actor, type, payload}) of a prepared event: what its hash is over. */
export function preparedBody(p: PreparedEvent, seq: number, ts: number): string {
  const fields = new Map<string, string>([
    ['actor', canonicalJson(p.actor)],
    ['payload', p.payloadJson],
    ['seq', canonicalJson(seq)],
    ['ts', canonicalJson(ts)],
    ['type', canonicalJson(p.type)],
  ])
  if (p.run_id !== undefined) fields.set('run_id', canonicalJson(p.run_id))
  return objectJson(fields)
}

/** Fields as canonical JSON; undefined and symbol values are left out, as canonical JSON leaves them out. */
function fieldsOf(obj: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined || typeof value === 'symbol') continue
    out.set(key, canonicalJson(value))
  }
  return out
}

function objectJson(fields: ReadonlyMap<string, string>): string {
  const keys = [...fields.keys()].sort()
  return `{${keys.map((k) => `${canonicalJson(k)}:${fields.get(k)}`).join(',')}}`
}
