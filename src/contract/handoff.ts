/**
 * `operator handoff`: records what a session leaves for the next one, bound
 * to the state digest of the boot it worked from (the current state when no
 * digest is given). When the state moved since that boot the handoff is
 * still recorded, marked `drift`, and the result says so.
 */
import { z } from 'zod'
import { HandoffRecord } from '../store/handoffs.js'
import { stateDigest } from '../store/state-digest.js'
import { type ContractDeps, SCHEMA_VERSION, SchemaVersion } from './common.js'

export const HandoffResult = z
  .object({
    schema_version: SchemaVersion,
    /** The handoff as recorded (redacted like every audit event). */
    handoff: HandoffRecord,
    /** The state digest after recording it: what the next handoff of this session binds to. */
    next_digest: z.string(),
    warnings: z.array(z.string()),
  })
  .strict()
export type HandoffResult = z.infer<typeof HandoffResult>

export interface HandoffInput {
  by: string
  summary: string
  tasks?: readonly string[]
  risks?: readonly string[]
  unknowns?: readonly string[]
  /** The boot's state digest; omitted: the current one. */
  digest?: string
  run_id?: string | null
}

export function handoff(deps: ContractDeps, input: HandoffInput): HandoffResult {
  const { store } = deps
  const now = stateDigest(store, deps.policy.digest)
  const digest = input.digest ?? now
  const recorded = store.appendHandoff({
    by: input.by,
    summary: input.summary,
    tasks: [...(input.tasks ?? [])],
    risks: [...(input.risks ?? [])],
    unknowns: [...(input.unknowns ?? [])],
    digest,
    digest_now: now,
    policy_digest: deps.policy.digest,
    run_id: input.run_id ?? null,
  })
  const warnings = recorded.drift
    ? [
        `the state moved since the boot this handoff is bound to (${digest.slice(0, 12)} then, ${now.slice(0, 12)} now): recorded with drift; run \`operator boot\` to see what changed`,
      ]
    : []
  return HandoffResult.parse({
    schema_version: SCHEMA_VERSION,
    handoff: recorded,
    next_digest: stateDigest(store, deps.policy.digest),
    warnings,
  })
}

export function handoffText(r: HandoffResult): string {
  const h = r.handoff
  return [
    `handoff ${h.handoff_id} recorded (seq ${h.seq}) by ${h.by}, bound to state ${h.digest.slice(0, 12)}${h.drift ? ' — DRIFT' : ''}`,
    ...r.warnings.map((w) => `warning: ${w}`),
    `next handoff binds to: ${r.next_digest}`,
  ].join('\n')
}
