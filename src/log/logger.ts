/**
 * Structured output of long-running processes: pino NDJSON on stdout, one
 * object per line, with the process role bound to every line. Secrets are
 * redacted before a line is written: in the fields and in the message.
 */
import { type LogFn, type Logger, pino } from 'pino'
import { redact, redactText } from '../core/redact.js'

export type { Logger }

export function createLogger(role: string, destination: NodeJS.WritableStream | number = 1): Logger {
  const stream = typeof destination === 'number' ? pino.destination({ dest: destination, sync: true }) : destination
  return pino(
    {
      base: { role, pid: process.pid },
      timestamp: pino.stdTimeFunctions.epochTime,
      formatters: { level: (label) => ({ level: label }), log: (obj) => redact(obj) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a: unknown) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<LogFn>)
        },
      },
    },
    stream,
  )
}

/** Adapts a pino logger to the `(message, fields)` shape subjects and actions take. */
export function logFn(logger: Logger): (message: string, fields?: Record<string, unknown>) => void {
  return (message, fields) => logger.info({ event: 'log', ...fields }, message)
}
