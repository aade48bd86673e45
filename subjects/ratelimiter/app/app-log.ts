/**
 * The app's log: one JSON line per notable event on stdout, which the runtime
 * points at the instance's log file (pino, as every long-running Operator process).
 */
import { pino } from 'pino'

export function appLogger(name: string): (event: string, fields?: Record<string, unknown>) => void {
  const logger = pino({ base: { app: name }, timestamp: pino.stdTimeFunctions.isoTime })
  return (event, fields = {}) => {
    const warn = event.endsWith('_error') || ['redis_closed', 'redis_ended', 'insurance_path'].includes(event)
    if (warn) logger.warn(fields, event)
    else logger.info(fields, event)
  }
}
