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

export class OperatorError extends Error {
  readonly category: ErrorCategory
  readonly fix: string

  constructor(category: ErrorCategory, message: string, fix: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'OperatorError'
    this.category = category
    this.fix = fix
  }

  get exitCode(): number {
    return EXIT_CODES[this.category]
  }

  /** The single line shown to a person: problem, then the fix. */
  oneLine(): string {
    return `${this.message} — ${this.fix}`
  }
}

export function exitCodeFor(category: ErrorCategory): number {
  return EXIT_CODES[category]
}

export function isOperatorError(err: unknown): err is OperatorError {
  return err instanceof OperatorError
}

/** Message of any thrown value, for logs and evidence. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  return String(err)
}
