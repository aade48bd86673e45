/**
 * Running agents: registered with pid and host, kept alive by heartbeats, so
 * the kill switch can signal them and other agents can adopt a dead one's work.
 * Events are prepared before the write lock.
 */
import { operatorHost } from '../core/host.js'
import { AgentRecord } from '../core/records.js'
import { appendEvent, prepareEvent } from './audit-log.js'
import type { Db } from './open-database.js'
import { writeTx } from './tx.js'

export function registerAgent(
  db: Db,
  a: { id: string; pid: number; subject: string; runId: string },
  now: number,
): AgentRecord {
  const started = prepareEvent({
    run_id: a.runId,
    actor: a.id,
    type: 'agent.started',
    payload: { agent_id: a.id, pid: a.pid, host: operatorHost(), subject: a.subject },
  })
  return writeTx(db, () => {
    db.prepare(
      'INSERT INTO agents (id, pid, host, subject, run_id, started_at, heartbeat_at, stopped_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)',
    ).run(a.id, a.pid, operatorHost(), a.subject, a.runId, now, now)
    appendEvent(db, started, now)
    return getAgent(db, a.id)
  })
}

export function getAgent(db: Db, id: string): AgentRecord {
  return AgentRecord.parse(db.prepare('SELECT * FROM agents WHERE id = ?').get(id))
}

export function heartbeat(db: Db, id: string, now: number): void {
  writeTx(db, () => db.prepare('UPDATE agents SET heartbeat_at = ? WHERE id = ?').run(now, id))
}

export function stopAgent(db: Db, id: string, runId: string | null, reason: string, now: number): void {
  const stopped = prepareEvent({ run_id: runId, actor: id, type: 'agent.stopped', payload: { agent_id: id, reason } })
  writeTx(db, () => {
    db.prepare('UPDATE agents SET stopped_at = ? WHERE id = ? AND stopped_at IS NULL').run(now, id)
    appendEvent(db, stopped, now)
  })
}

/** Agents on this host that have not stopped and whose heartbeat is recent. */
export function liveAgents(db: Db, staleBefore: number): AgentRecord[] {
  const rows = db
    .prepare('SELECT * FROM agents WHERE stopped_at IS NULL AND heartbeat_at >= ? AND host = ?')
    .all(staleBefore, operatorHost())
  return rows.map((r) => AgentRecord.parse(r))
}

/** Agents on other hosts (a shared PostgreSQL store) that have not stopped and whose heartbeat is recent. */
export function remoteAgents(db: Db, staleBefore: number): AgentRecord[] {
  const rows = db
    .prepare('SELECT * FROM agents WHERE stopped_at IS NULL AND heartbeat_at >= ? AND host != ?')
    .all(staleBefore, operatorHost())
  return rows.map((r) => AgentRecord.parse(r))
}

/** Agents on this host that have not recorded a stop (alive or not): whom the kill switch signals. */
export function unstoppedAgents(db: Db): AgentRecord[] {
  const rows = db.prepare('SELECT * FROM agents WHERE stopped_at IS NULL AND host = ?').all(operatorHost())
  return rows.map((r) => AgentRecord.parse(r))
}
