/**
 * The policy file: ordered rules matching action name, kind, subject, risk
 * and tier, each deciding allow, require_approval (N distinct people,
 * optionally from a list or a role, within a TTL) or deny; `identities` bind
 * approver names to OS users and Ed25519 keys. Strict: unknown keys are
 * errors, so a typo never silently loosens a rule.
 */
import { z } from 'zod'
import { parsePublicKey } from '../approver-keys.js'

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)])

export const DURATION = /^(\d+)(ms|s|m|h|d)$/

/** `10m`, `30s`, `1h`, `500ms`, `2d`. */
export const Duration = z.string().regex(DURATION, 'must be a duration like 30s, 10m, 1h')

export const Match = z
  .strictObject({
    action: oneOrMany(z.string().min(1)).optional(),
    kind: oneOrMany(z.enum(['subject', 'docker', 'host', 'script'])).optional(),
    subject: oneOrMany(z.string().min(1)).optional(),
    risk: oneOrMany(z.enum(['low', 'medium', 'high', 'critical'])).optional(),
    tier: oneOrMany(z.union([z.literal(1), z.literal(2), z.literal(3)])).optional(),
  })
  .describe('What the rule applies to; an omitted key matches anything. A list matches any of its values.')

export const Rule = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'must be lowercase letters, digits, ".", "_" or "-"'),
    description: z.string().optional(),
    match: Match.default({}),
    decision: z.enum(['allow', 'require_approval', 'deny']),
    min_approvals: z
      .number()
      .int()
      .min(1)
      .max(10)
      .optional()
      .describe('Distinct people needed (require_approval only; default 1).'),
    approvers: z.array(z.string().min(1)).min(1).optional().describe('Only these people may approve.'),
    roles: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Only members of these roles (see `roles`) may approve.'),
    approval_ttl: Duration.optional().describe('How long an approval counts after it is given.'),
  })
  .superRefine((rule, ctx) => {
    if (rule.decision !== 'require_approval') {
      for (const key of ['min_approvals', 'approvers', 'roles', 'approval_ttl'] as const) {
        if (rule[key] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `only applies to decision require_approval, not ${rule.decision}`,
          })
      }
    }
    // Without approvers or roles anyone may approve: N distinct people are always possible.
    const allowed = rule.approvers && !rule.roles ? rule.approvers.length : Number.POSITIVE_INFINITY
    if (rule.min_approvals !== undefined && allowed < rule.min_approvals) {
      ctx.addIssue({
        code: 'custom',
        path: ['min_approvals'],
        message: `needs ${rule.min_approvals} approvers but only ${allowed} are allowed`,
      })
    }
  })

/** The name of the system's own approvals (auto mode): never a person. */
const SYSTEM_NAME = 'system'

export const Identity = z
  .strictObject({
    os_user: z
      .string()
      .min(1)
      .optional()
      .describe('The OS user (login name) this person approves as; the name from any other OS user is refused.'),
    public_key: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Ed25519 public key (base64 SPKI DER or PEM); approvals must be signed: `operator approve --key-file`.',
      ),
  })
  .superRefine((id, ctx) => {
    if (id.os_user === undefined && id.public_key === undefined)
      ctx.addIssue({ code: 'custom', path: [], message: 'give os_user or public_key (or both)' })
    if (id.public_key !== undefined && parsePublicKey(id.public_key) === null)
      ctx.addIssue({
        code: 'custom',
        path: ['public_key'],
        message: 'not an Ed25519 public key (e.g. the output of `openssl pkey -in KEY -pubout`)',
      })
  })
  .describe('How an approver is checked: the OS user they approve as, and/or the key they sign with.')

export const PolicyFile = z
  .strictObject({
    version: z.literal(1).default(1),
    identities: z
      .record(z.string().min(1), Identity)
      .optional()
      .describe('Approver name → how Operator checks it is them: an OS user, an Ed25519 public key, or both.'),
    roles: z
      .record(z.string(), z.array(z.string().min(1)))
      .default({})
      .describe('Role name → the people in it.'),
    rules: z.array(Rule).min(1),
    brain: z
      .strictObject({
        max_tool_calls: z.number().int().positive().optional(),
        max_tokens: z.number().int().positive().optional(),
        max_seconds: z.number().int().positive().optional(),
        run_max_tokens: z.number().int().positive().optional(),
      })
      .optional()
      .describe(
        "The model brain's budgets: tool calls, input+output tokens and seconds per ticket, tokens per run (OPERATOR_LLM_MAX_* override them).",
      ),
    /** What applies when no rule matches. */
    default: z.enum(['allow', 'require_approval', 'deny']).default('require_approval'),
  })
  .superRefine((policy, ctx) => {
    if (policy.identities?.[SYSTEM_NAME])
      ctx.addIssue({
        code: 'custom',
        path: ['identities', SYSTEM_NAME],
        message: `"${SYSTEM_NAME}" is reserved for the system's approvals in auto mode`,
      })
    const seen = new Set<string>()
    policy.rules.forEach((rule, i) => {
      if (seen.has(rule.id))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${rule.id}"` })
      seen.add(rule.id)
      for (const role of rule.roles ?? []) {
        if (!policy.roles[role])
          ctx.addIssue({
            code: 'custom',
            path: ['rules', i, 'roles'],
            message: `unknown role "${role}" (define it under roles:)`,
          })
      }
    })
  })

export type PolicyFile = z.infer<typeof PolicyFile>
export type Rule = z.infer<typeof Rule>

export function durationMs(text: string): number {
  const m = DURATION.exec(text)
  if (!m) throw new RangeError(`not a duration: ${text}`)
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd']
  return Number(m[1]) * unit
}
