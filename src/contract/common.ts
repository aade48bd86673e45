/**
 * The machine-readable contract's shared parts (README "The contract"):
 * the schema version every object carries, evidence references, the fixed
 * set of next actions, and what every contract function reads from. Each
 * object's own schema sits beside the function that builds it; registry.ts
 * lists them all for the generated JSON Schema.
 */
import { z } from 'zod'
import type { Clock } from '../core/clock.js'
import { ERROR_CODES } from '../core/errors.js'
import type { LoadedPolicy } from '../safety/policy/load-policy.js'
import type { Store } from '../store/store.js'

/** Version of every contract object; raised when a field changes meaning or goes away (additions do not). */
export const SCHEMA_VERSION = 1

export const SchemaVersion = z.literal(SCHEMA_VERSION)

export const EVIDENCE_TYPES = [
  /** An audit event's seq, or a range `12-40`. */
  'audit_seq',
  'run_id',
  'ticket',
  'proposal',
  /** A policy rule id (or `default`), with the policy file's digest in detail. */
  'policy_rule',
  /** A log file and line range: `path:10-20`. */
  'log',
  /** A short excerpt, already redacted. */
  'redacted_excerpt',
  /** A command that reproduces the finding: `operator tickets --json`. */
  'verification',
] as const

export const EvidenceRef = z
  .object({
    type: z.enum(EVIDENCE_TYPES),
    ref: z.string().min(1),
    detail: z.string().optional(),
  })
  .strict()
export type EvidenceRef = z.infer<typeof EvidenceRef>

export const NEXT_ACTIONS = [
  'approve_proposal',
  'review_policy_patch',
  'resume_execute_mode',
  'release_kill_switch',
  'start_agent',
  'restart_child',
  'start_cluster',
  'start_docker',
  'install_dependency',
  'set_secret',
  'investigate_escalation',
  'verify_audit',
  'export_audit',
  'rerun',
  'wait',
  'ask_user',
  'none',
] as const
export const NextActionName = z.enum(NEXT_ACTIONS)
export type NextActionName = z.infer<typeof NextActionName>

/** One recommended action: what, the command a person (or agent) runs for it, why, and on what evidence. */
export const NextStep = z
  .object({
    action: NextActionName,
    /** The command to run, when there is one (`operator approve P-3 --as NAME`). */
    command: z.string().nullable(),
    rationale: z.string(),
    evidence: z.array(EvidenceRef),
  })
  .strict()
export type NextStep = z.infer<typeof NextStep>

export const ErrorCodeName = z.enum(ERROR_CODES)

/** What a failing command prints on stdout with `--json`. */
export const ErrorObject = z
  .object({
    schema_version: SchemaVersion,
    error: z
      .object({
        category: ErrorCodeName,
        exit_code: z.number().int(),
        message: z.string(),
        hint: z.string(),
        next_action: NextActionName,
      })
      .strict(),
  })
  .strict()
export type ErrorObject = z.infer<typeof ErrorObject>

/** What the contract's functions read: the store, the operator home, the policy in force, the clock. */
export interface ContractDeps {
  store: Store
  home: string
  policy: LoadedPolicy
  clock: Clock
}

/** Evidence helpers: the refs most objects cite. */
export const ref = {
  seq: (seq: number | readonly [number, number], detail?: string): EvidenceRef => ({
    type: 'audit_seq',
    ref: typeof seq === 'number' ? String(seq) : `${seq[0]}-${seq[1]}`,
    ...(detail === undefined ? {} : { detail }),
  }),
  of: (type: EvidenceRef['type'], value: string, detail?: string): EvidenceRef => ({
    type,
    ref: value,
    ...(detail === undefined ? {} : { detail }),
  }),
}
