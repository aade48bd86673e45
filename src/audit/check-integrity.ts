/**
 * Integrity checks of a package's bytes: it matches the schema, each part's
 * digest recomputes from its data, the binding digest recomputes from the
 * whole, and the request's content hash recomputes from its action and
 * params. Each works on the raw document, independent of the others.
 */
import { contentHash } from '../core/canonical-json.js'
import { errorMessage } from '../core/errors.js'
import { bindingDigest, partDigest } from './digests.js'
import { AnyAuditPackage, AUDIT_PACKAGE_SCHEMA_VERSION, PART_NAMES, PART_NAMES_V1 } from './package-schema.js'
import { field, formatIssues } from './read-part.js'
import { fail, type PackageCheck, pass } from './verification-report.js'

/** The package's schema version when it names one this build knows, else the current one. */
function versionOf(raw: unknown): number {
  return field(raw, 'schema_version') === 1 ? 1 : AUDIT_PACKAGE_SCHEMA_VERSION
}

export function checkSchema(raw: unknown): PackageCheck {
  const title = `package matches the schema (version ${versionOf(raw)})`
  const parsed = AnyAuditPackage.safeParse(raw)
  return parsed.success
    ? pass('schema', title, 'every field is present and well-formed')
    : fail('schema', title, formatIssues(parsed.error))
}

export function checkPartDigests(raw: unknown): PackageCheck[] {
  return (versionOf(raw) === 1 ? PART_NAMES_V1 : PART_NAMES).map((name) => {
    const id = `digest.${name}`
    const title = `digest of part ${name}`
    const given = field(raw, 'parts', name, 'digest')
    const data = field(raw, 'parts', name, 'data')
    if (data === undefined) return fail(id, title, `part ${name} has no data`)
    let actual: string
    try {
      actual = partDigest(data)
    } catch (err) {
      return fail(id, title, `part ${name} has no canonical JSON form: ${errorMessage(err)}`)
    }
    if (given !== actual)
      return fail(
        id,
        title,
        `part ${name} was changed: its data hashes to ${actual}, the package says ${String(given)}`,
      )
    return pass(id, title, actual)
  })
}

export function checkBindingDigest(raw: unknown): PackageCheck {
  const title = 'binding digest over all parts'
  const given = field(raw, 'binding_digest')
  const header = {
    schema_version: field(raw, 'schema_version'),
    kind: field(raw, 'kind'),
    proposal_id: field(raw, 'proposal_id'),
    exported_at: field(raw, 'exported_at'),
    parts: field(raw, 'parts'),
  }
  let actual: string
  try {
    actual = bindingDigest(header)
  } catch (err) {
    return fail('binding_digest', title, `the package has no canonical JSON form: ${errorMessage(err)}`)
  }
  if (given !== actual)
    return fail(
      'binding_digest',
      title,
      `the package was changed: it hashes to ${actual}, binding_digest says ${String(given)}`,
    )
  return pass('binding_digest', title, actual)
}

export function checkRequestHash(raw: unknown): PackageCheck {
  const title = 'request content hash recomputes from action and params'
  const action = field(raw, 'parts', 'request', 'data', 'action')
  const params = field(raw, 'parts', 'request', 'data', 'params')
  const given = field(raw, 'parts', 'request', 'data', 'content_hash')
  if (typeof action !== 'string' || params === null || typeof params !== 'object')
    return fail('request_hash', title, 'the request has no action or params')
  const actual = contentHash(action, params)
  if (given !== actual)
    return fail(
      'request_hash',
      title,
      `action and params hash to ${actual}, the request says ${String(given)}: the request was changed after it was approved`,
    )
  return pass('request_hash', title, actual)
}
