/**
 * The digests that bind an audit package: each part's digest is the sha256
 * of its data's canonical JSON (RFC 8785); the binding digest is the sha256
 * of the canonical JSON of the header and all parts with their digests.
 * Exporter and verifier both compute them here.
 */
import { canonicalJson, sha256Hex } from '../core/canonical-json.js'
import {
  AUDIT_PACKAGE_KIND,
  AUDIT_PACKAGE_SCHEMA_VERSION,
  type AuditPackage,
  PART_NAMES,
  type PackageParts,
  type PartsData,
} from './package-schema.js'

export function partDigest(data: unknown): string {
  return sha256Hex(canonicalJson(data))
}

/** What the binding digest covers: everything in the package except itself. */
export interface BindingInput {
  schema_version: unknown
  kind: unknown
  proposal_id: unknown
  exported_at: unknown
  parts: unknown
}

export function bindingDigest(p: BindingInput): string {
  return sha256Hex(
    canonicalJson({
      schema_version: p.schema_version,
      kind: p.kind,
      proposal_id: p.proposal_id,
      exported_at: p.exported_at,
      parts: p.parts,
    }),
  )
}

/** Seals the parts' data into a package: a digest on every part, then the binding digest. */
export function sealPackage(proposalId: string, exportedAt: number, data: PartsData): AuditPackage {
  const parts = Object.fromEntries(
    PART_NAMES.map((name) => [name, { digest: partDigest(data[name]), data: data[name] }]),
  ) as PackageParts
  const header = {
    schema_version: AUDIT_PACKAGE_SCHEMA_VERSION,
    kind: AUDIT_PACKAGE_KIND,
    proposal_id: proposalId,
    exported_at: exportedAt,
  } as const
  return { ...header, parts, binding_digest: bindingDigest({ ...header, parts }) }
}
