/**
 * What every command shares: the resolved OPERATOR_HOME and database, the
 * subject module, option parsing with zod, and output as JSON or text
 * rendered from the same object.
 */
import type { z } from 'zod'
import { anchorPath, operatorPaths } from '../config/home.js'
import { OperatorError } from '../core/errors.js'
import { SUPERVISOR_PID_ENV } from '../core/supervisor-env.js'
import type { Logger } from '../log/logger.js'
import { resolveSigningKey } from '../safety/token-secret.js'
import { enableAnchoring } from '../store/anchor-commit.js'
import { Store } from '../store/store.js'

export function paths() {
  return operatorPaths()
}

/**
 * The store of this OPERATOR_HOME. A writable one keeps the audit log's head
 * anchor (keyed from the token secret) on every commit that appends events;
 * without a usable secret nothing is anchored, and `audit verify` says so.
 */
export function openStore(options: { readonly?: boolean } = {}): Store {
  const { home, db } = paths()
  const store = new Store(db, options)
  if (!options.readonly) {
    const key = resolveSigningKey(home)
    if (key.secret !== null) enableAnchoring(store.db, { path: anchorPath(db, home), secret: key.secret })
  }
  return store
}

/** Runs fn with a store that is closed afterwards, whatever happens. */
export async function withStore<T>(
  fn: (store: Store) => Promise<T> | T,
  options: { readonly?: boolean } = {},
): Promise<T> {
  const store = openStore(options)
  try {
    return await fn(store)
  } finally {
    store.close()
  }
}

/** Validates a command's options; the first problem becomes a one-line usage error. */
export function parseOptions<T>(schema: z.ZodType<T>, raw: unknown, command: string): T {
  const parsed = schema.safeParse(raw)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const where = issue?.path.length
    ? `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
    : 'options'
  throw new OperatorError('usage', `${where}: ${issue?.message ?? 'invalid'}`, `see \`operator ${command} --help\``)
}

/** Prints the object as JSON, or its text rendering. */
export function output<T>(json: boolean | undefined, value: T, text: (v: T) => string): void {
  if (json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
  else process.stdout.write(`${text(value)}\n`)
}

/** An AbortController that fires on SIGINT, SIGTERM or SIGHUP (terminal closed), for long-running commands. */
export function abortOnSignals(): { signal: AbortSignal; abort: (reason: Error) => void; dispose: () => void } {
  const controller = new AbortController()
  const onSignal = (sig: NodeJS.Signals) => controller.abort(new Error(`received ${sig}`))
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  process.on('SIGHUP', onSignal)
  // A child of `operator demo` stops when its supervisor is gone, even if it was SIGKILLed.
  const supervisor = Number(process.env[SUPERVISOR_PID_ENV])
  const watch = supervisor
    ? setInterval(() => {
        if (process.ppid !== supervisor) controller.abort(new Error('supervisor is gone'))
      }, 1000).unref()
    : null
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    dispose: () => {
      if (watch) clearInterval(watch)
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      process.off('SIGHUP', onSignal)
    },
  }
}

/**
 * Applies OPERATOR_SAFETY_MODE / OPERATOR_APPROVAL_MODE from this process's
 * environment (recorded as a mode change); a kill-switch latch that keeps
 * observe mode is logged, not hidden.
 */
export function applyEnvModes(store: Store, actor: string, logger: Logger): void {
  const applied = store.applyEnvModes(process.env, actor)
  if (applied?.refused) logger.warn({ event: 'mode.refused', reason: applied.refused }, applied.refused)
}
