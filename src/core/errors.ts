/**
 * The one errors module: every failure a person can see carries a category
 * from a fixed enum, a message naming the problem, and the fix. Thrown deep,
 * caught once at the CLI entry and mapped to an exit code and one line.
 */

export const ERROR_CATEGORIES = [
  'usage',
  'config',
  'database',
  'cluster_unreachable',
  'not_found',
  'conflict',
  'safety',
  'subject',
  'internal',
] as const

export type ErrorCategory = (typeof ERROR_CATEGORIES)[number]

const EXIT_CODES: Record<ErrorCategory, number> = {
  usage: 2,
  config: 3,
  database: 4,
  cluster_unreachable: 5,
  not_found: 6,
  conflict: 7,
  safety: 8,
  subject: 9,
  internal: 70,
}

/**
 * The contract's error codes (README "Errors and exit codes"): what a script
 * or another agent branches on. Each has its own exit code; the coarse
 * category above stays the family (and the code when a site names no finer one).
 */
export const ERROR_CODES = [
  'usage',
  'config_invalid',
  'policy_invalid',
  'scenario_invalid',
  'secret_missing',
  'database_corrupt',
  'database_foreign',
  'cluster_unreachable',
  'docker_unavailable',
  'etcd_missing',
  'not_found',
  'agent_not_running',
  'conflict',
  'safety_refused',
  'policy_denied',
  'approval_missing',
  'token_invalid',
  'kill_switch_latched',
  'observe_mode',
  'budget_exceeded',
  'provider_unavailable',
  'subject_failed',
  'audit_broken',
  'internal',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** Exit code of each error code: the first nine keep the codes scripts had before the finer codes existed. */
export const CODE_EXIT: Record<ErrorCode, number> = {
  usage: 2,
  config_invalid: 3,
  database_corrupt: 4,
  cluster_unreachable: 5,
  not_found: 6,
  conflict: 7,
  safety_refused: 8,
  subject_failed: 9,
  audit_broken: 10,
  policy_invalid: 11,
  scenario_invalid: 12,
  secret_missing: 13,
  database_foreign: 14,
  docker_unavailable: 15,
  etcd_missing: 16,
  kill_switch_latched: 17,
  observe_mode: 18,
  policy_denied: 19,
  approval_missing: 20,
  token_invalid: 21,
  budget_exceeded: 22,
  provider_unavailable: 23,
  agent_not_running: 24,
  internal: 70,
}

/** The code of an error whose site names only its category. */
const DEFAULT_CODE: Record<ErrorCategory, ErrorCode> = {
  usage: 'usage',
  config: 'config_invalid',
  database: 'database_corrupt',
  cluster_unreachable: 'cluster_unreachable',
  not_found: 'not_found',
  conflict: 'conflict',
  safety: 'safety_refused',
  subject: 'subject_failed',
  internal: 'internal',
}

export class OperatorError extends Error {
  readonly category: ErrorCategory
  readonly fix: string
  /** The contract's code: finer than the category when the site says (`{ code: 'policy_invalid' }`). */
  readonly code: ErrorCode

  constructor(category: ErrorCategory, message: string, fix: string, options?: { cause?: unknown; code?: ErrorCode }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'OperatorError'
    this.category = category
    this.fix = fix
    this.code = options?.code ?? DEFAULT_CODE[category]
  }

  get exitCode(): number {
    return CODE_EXIT[this.code]
  }

  /** The single line shown to a person: problem, then the fix. */
  oneLine(): string {
    return `${this.message} — ${this.fix}`
  }
}

export function exitCodeFor(category: ErrorCategory): number {
  return EXIT_CODES[category]
}

/** The code an error whose site names only its category gets. */
export function defaultCode(category: ErrorCategory): ErrorCode {
  return DEFAULT_CODE[category]
}

export function isOperatorError(err: unknown): err is OperatorError {
  return err instanceof OperatorError
}

/** Message of any thrown value, for logs and evidence. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  return String(err)
}
