/**
 * Approval count against the rule: distinct people whose approval stood at
 * the reference time (approve, not revoked, not expired, for the request's
 * content hash) must reach the rule's minimum (plus any extra the session
 * risk demanded), all from the rule's approver list when it has one, with no
 * standing rejection. Recomputed from the raw fields; the packaged marks
 * must agree. Whether `allow` needed one person depends on the approval mode
 * at the time, which the package does not carry: only the rule's own
 * minimum is checked.
 */
import { SYSTEM_ACTOR } from '../safety/approval-rules.js'
import { ApprovalsData, PolicyData, RequestData } from './package-schema.js'
import { readPart } from './read-part.js'
import { fail, type PackageCheck, pass, skip } from './verification-report.js'

const TITLE = 'approvals meet the policy rule'

export function checkApprovalCount(raw: unknown): PackageCheck {
  const policy = readPart(raw, 'policy', PolicyData)
  const approvals = readPart(raw, 'approvals', ApprovalsData)
  const request = readPart(raw, 'request', RequestData)
  if (!policy.ok || !approvals.ok || !request.ok) {
    return fail(
      'approval_count',
      TITLE,
      [policy, approvals, request].flatMap((p) => (p.ok ? [] : [p.problem])).join('; '),
    )
  }
  const rule = policy.data
  if (!rule)
    return skip('approval_count', TITLE, 'the proposal has no recorded policy decision (created before policies)')
  const { reference_ts, approvals: list } = approvals.data
  const { content_hash, risk_assessment } = request.data
  const problems: string[] = []
  for (const a of list) {
    const marks = {
      revoked: a.revoked_at !== null,
      expired: a.expires_at !== null && a.expires_at <= reference_ts,
      bound_to_request: a.content_hash === content_hash,
    }
    if (a.revoked !== marks.revoked || a.expired !== marks.expired || a.bound_to_request !== marks.bound_to_request)
      problems.push(`the marks on ${a.actor}'s approval disagree with its times and hash`)
  }
  const standing = list.filter(
    (a) =>
      a.revoked_at === null &&
      (a.expires_at === null || a.expires_at > reference_ts) &&
      a.content_hash === content_hash,
  )
  for (const a of standing) if (a.decision === 'reject') problems.push(`rejected by ${a.actor}`)
  const people = standing.filter((a) => a.decision === 'approve' && a.actor !== SYSTEM_ACTOR)
  const outsiders = rule.approvers ? people.filter((a) => !rule.approvers?.includes(a.actor)).map((a) => a.actor) : []
  if (outsiders.length) {
    const outsiderNames = [...new Set(outsiders)].join(', ')
    const verb = outsiders.length === 1 ? 'is' : 'are'
    const allowedApprovers = rule.approvers?.join(', ')
    problems.push(`${outsiderNames} approved but ${verb} not among ${rule.rule_id}'s approvers (${allowedApprovers})`)
  }
  const counted = [...new Set(people.filter((a) => !outsiders.includes(a.actor)).map((a) => a.actor))]
  const extra = risk_assessment?.extra_approvals ?? 0
  const required = (rule.decision === 'require_approval' ? Math.max(1, rule.min_approvals) : rule.min_approvals) + extra
  if (rule.decision === 'deny') problems.push(`rule ${rule.rule_id} denies this action`)
  if (risk_assessment?.deny) problems.push('the session risk score denied this action')
  if (counted.length < required)
    problems.push(`${counted.length} of ${required} distinct approval(s) needed under ${rule.rule_id}`)
  const ignored = list.length - standing.length
  const extraNote = extra ? `, +${extra} for session risk` : ''
  const countedNames = counted.length ? `: ${counted.join(', ')}` : ''
  const ignoredNote = ignored ? `; ${ignored} revoked, expired or for other content` : ''
  const summary =
    `${counted.length}/${required} distinct approver(s) under ${rule.rule_id} (${rule.decision}${extraNote})` +
    `${countedNames}${ignoredNote}`
  if (problems.length) return fail('approval_count', TITLE, `${problems.join('; ')} — ${summary}`)
  return pass('approval_count', TITLE, summary)
}
