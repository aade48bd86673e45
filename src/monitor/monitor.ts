/**
 * The monitor loop: poll the subject, check its invariants, open one ticket
 * per violation key (counting repeats), linked to its root when triage says
 * it follows from one, resolve tickets whose violation is gone. Polls never
 * overlap: the next starts only after the last finished.
 */
import type { Clock } from '../core/clock.js'
import { errorMessage } from '../core/errors.js'
import type { Slots } from '../core/slots.js'
import type { Subject } from '../core/subject.js'
import { triaged } from '../core/triage.js'
import type { Logger } from '../log/logger.js'
import type { Store } from '../store/store.js'
import { serveFaultRequests } from './serve-faults.js'

export interface MonitorDeps {
  subject: Subject
  store: Store
  clock: Clock
  logger: Logger
  intervalMs: number
  signal: AbortSignal
  /** How far back the operator's own changes count for the churn grace. */
  operatorChangeWindowMs?: number
  /** Shared with the other runs' loops under one monitor: at most that many polls at once. */
  slots?: Slots
  /**
   * Whether the run is being taken down (`cluster down` marks it before
   * stopping anything): what a poll sees then is the shutdown, not a fault,
   * so no ticket is opened for it.
   */
  ended?: () => boolean
}

export const MONITOR_ACTOR = 'monitor'

export async function runMonitor(d: MonitorDeps): Promise<void> {
  const { subject, store, clock, logger, signal } = d
  store.append({
    run_id: subject.run_id,
    actor: MONITOR_ACTOR,
    type: 'monitor.started',
    payload: { subject: subject.name, interval_ms: d.intervalMs, pid: process.pid },
  })
  logger.info(
    { event: 'monitor.started', subject: subject.name, run_id: subject.run_id, interval_ms: d.intervalMs },
    'monitor started',
  )
  let endedSaid = false
  try {
    while (!signal.aborted) {
      const started = clock.now()
      const free = await d.slots?.take(signal).catch(() => null)
      if (signal.aborted) {
        free?.()
        break
      }
      try {
        // Faults asked for from other hosts on this run are injected here, where its members run.
        await serveFaultRequests(d)
        // A run being taken down is not watched: its poll opens no tickets (whoever owns the loop may end it).
        if ((await pollOnce(d)) === 'ended' && !endedSaid) {
          endedSaid = true
          logger.info({ event: 'monitor.run_ended' }, `run ${subject.run_id} is being taken down: no tickets for it`)
        }
      } catch (err) {
        if (signal.aborted) break
        // A failed poll is reported and retried; the loop itself never dies of it.
        logger.error({ event: 'monitor.error', error: errorMessage(err) }, 'poll failed')
      } finally {
        free?.()
      }
      const wait = Math.max(0, d.intervalMs - (clock.now() - started))
      await clock.sleep(wait, signal).catch(() => undefined)
    }
  } finally {
    store.append({
      run_id: subject.run_id,
      actor: MONITOR_ACTOR,
      type: 'monitor.stopped',
      payload: { subject: subject.name },
    })
    logger.info({ event: 'monitor.stopped' }, 'monitor stopped')
  }
}

export async function pollOnce(d: MonitorDeps): Promise<'polled' | 'ended'> {
  const { subject, store, clock, logger } = d
  const observation = await subject.observe(d.signal)
  if (d.ended?.()) return 'ended'
  const since = clock.now() - (d.operatorChangeWindowMs ?? 120_000)
  const checked = subject.checker.check(observation, {
    operatorChanges: store.operatorChanges(subject.run_id, since),
  })
  // Roots and consequences are told from every violation present now, also those still in their grace;
  // roots open first, so a consequence's root has its ticket when the consequence is linked to it.
  const violations = triaged(subject.playbook, checked, observation, subject.checker.evaluate(observation))
  logger.info(
    {
      event: 'observation',
      summary: subject.summarize(observation),
      observation,
      violations: violations.map((v) => v.key),
    },
    'observation',
  )
  for (const v of violations) {
    const { ticket, opened } = store.upsertViolation(subject.run_id, subject.name, v, MONITOR_ACTOR)
    if (opened) {
      logger.warn(
        {
          event: 'ticket.opened',
          ticket_id: ticket.id,
          key: v.key,
          severity: v.severity,
          target: v.target,
          evidence: v.evidence,
          cause_key: v.triage?.cause ?? null,
          cause_ticket: ticket.cause_ticket,
          triage: v.triage?.reason || null,
        },
        v.triage?.cause ? `${v.message} — follows from ${ticket.cause_ticket ?? v.triage.cause}` : v.message,
      )
    } else {
      logger.debug(
        { event: 'ticket.repeated', ticket_id: ticket.id, key: v.key, occurrences: ticket.occurrences },
        v.message,
      )
    }
  }
  const resolved = store.resolveAbsent(subject.run_id, new Set(violations.map((v) => v.key)), MONITOR_ACTOR)
  for (const t of resolved) {
    logger.info(
      {
        event: 'ticket.resolved',
        ticket_id: t.id,
        key: t.key,
        open_ms: clock.now() - t.opened_at,
        root: t.cause_ticket,
      },
      t.cause_key === null
        ? `${t.key} no longer observed`
        : `${t.key} resolved with its root ${t.cause_ticket ?? t.cause_key}`,
    )
  }
  return 'polled'
}
