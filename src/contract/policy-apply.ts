/**
 * `operator policy apply CONFIRMATION_ID --as NAME`: a person confirms a
 * policy recommendation and it is written. Refused when the file changed
 * since the recommendation (its text digest), when it was already applied,
 * and when NAME is not a person (policy-apply-identity.ts). The old file is
 * kept as `<file>.bak-<time>`; the new text is written to a temporary file
 * and renamed over it in the transaction that records `policy.applied`.
 * Only the CLI calls it: no MCP tool or agent path leads here.
 */
import type { KeyObject } from 'node:crypto'
import { resolve } from 'node:path'
import { sha256Hex } from '../core/canonical-json.js'
import { OperatorError } from '../core/errors.js'
import { currentOsUser, type OsUser } from '../safety/check-approver.js'
import { checkPolicyText } from '../safety/policy/load-policy.js'
import { appendEvent, prepareEvent } from '../store/audit-log.js'
import { writeTx } from '../store/tx.js'
import { type ContractDeps, SCHEMA_VERSION } from './common.js'
import { checkApplier } from './policy-apply-identity.js'
import { appliedSeq, findRecommended, PolicyApplied, type Recommended } from './policy-apply-record.js'
import { commitPolicyFile, readTarget } from './policy-apply-write.js'
import { applyUnifiedDiff } from './policy-diff.js'

export { appliedText, PolicyApplied } from './policy-apply-record.js'

export interface ApplyOptions {
  /** The file to write: required for a recommendation made against the built-in policy (a new file). */
  policyFile?: string
  /** The key file's key, when the policy names a key for NAME. */
  key?: KeyObject
  /** The OS user of this process (default: the real one). */
  os?: OsUser
}

/** Writes the recommended patch after checking who applies it and that the file is as it was; returns what was done. */
export function applyPolicy(
  deps: ContractDeps,
  confirmationId: string,
  as: string,
  options: ApplyOptions = {},
): PolicyApplied {
  const { store } = deps
  const rec: Recommended = findRecommended(store, confirmationId)
  const done = appliedSeq(store.db, confirmationId)
  if (done !== null)
    throw new OperatorError(
      'conflict',
      `policy recommendation ${confirmationId} was already applied (audit seq ${done})`,
      `for another change run \`operator policy recommend ${rec.proposal_id}\` again`,
    )
  const target = readTarget(rec, options.policyFile === undefined ? undefined : resolve(options.policyFile))
  const stale = `run \`operator policy recommend ${rec.proposal_id}\` again and apply its new confirmation id`
  if (sha256Hex(target.before) !== rec.text_digest_before)
    throw new OperatorError(
      'conflict',
      `${target.label} changed since recommendation ${confirmationId} was made`,
      stale,
    )
  const before = checkPolicyText(target.before, target.label)
  if (!before.ok) throw new OperatorError('config', `${target.label} is not a valid policy now`, stale)
  const proposal = store.proposal(rec.proposal_id)
  const applier = checkApplier(
    store,
    before.loaded.policy,
    {
      confirmation_id: confirmationId,
      proposal_id: rec.proposal_id,
      created_by: proposal.created_by,
      text_digest_after: rec.text_digest_after,
    },
    { name: as, os: options.os ?? currentOsUser(), ...(options.key ? { key: options.key } : {}) },
  )
  const after = applyUnifiedDiff(target.before, rec.patch)
  const checked = checkPolicyText(after, target.file)
  if (sha256Hex(after) !== rec.text_digest_after || !checked.ok)
    throw new OperatorError(
      'conflict',
      `the patch of ${confirmationId} no longer gives the text it was made for`,
      stale,
    )
  const now = deps.clock.now()
  const payload = {
    confirmation_id: confirmationId,
    proposal_id: rec.proposal_id,
    applied_by: applier.name,
    os_user: applier.os.name,
    os_uid: applier.os.uid,
    key_fingerprint: applier.key_fingerprint,
    policy_file: target.file,
    text_digest_before: rec.text_digest_before,
    text_digest_after: rec.text_digest_after,
    digest_after: checked.loaded.digest,
  }
  const written = commitPolicyFile(target, after, now, (backup, install) => {
    const event = prepareEvent({
      run_id: rec.run_id,
      actor: as,
      type: 'policy.applied',
      payload: { ...payload, backup },
    })
    return writeTx(store.db, () => {
      const raced = appliedSeq(store.db, confirmationId)
      if (raced !== null)
        throw new OperatorError(
          'conflict',
          `${confirmationId} was applied meanwhile (audit seq ${raced})`,
          'nothing to do',
        )
      const seq = appendEvent(store.db, event, now).seq
      install()
      return seq
    })
  })
  return PolicyApplied.parse({
    schema_version: SCHEMA_VERSION,
    ...payload,
    backup: written.path,
    audit_seq: written.seq,
  })
}
