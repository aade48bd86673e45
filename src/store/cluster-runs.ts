/**
 * The run registry: every cluster brought up or attached, with the host that
 * runs it and its last known status, in the database — so that every host
 * sharing a PostgreSQL store sees every run, and knows which host acts on it
 * (a member's processes, data dir and logs stay there). Each change is one
 * transaction with its audit event.
 */
import type { NewEvent } from '../core/records.js'
import type { ClusterStatus } from '../core/subject.js'
import { appendEvent, prepareEvent } from './audit-log.js'
import type { Db } from './open-database.js'
import { writeTx } from './tx.js'

export interface RegisteredRun {
  id: string
  subject: string
  host: string
  /** The OPERATOR_HOME on that host holding the run's files. */
  home: string
  /** The status when it was last brought up or attached. */
  status: ClusterStatus
  state: 'up' | 'down'
  updated_at: number
}

type Row = Omit<RegisteredRun, 'status'> & { record: string }

const toRun = ({ record, ...row }: Row): RegisteredRun => ({ ...row, status: JSON.parse(record) as ClusterStatus })

/** Records a run brought up or attached on `host`, with its event (`cluster.up`, `cluster.attached`). */
export function publishRun(
  db: Db,
  run: { status: ClusterStatus; host: string; home: string },
  event: NewEvent,
  now: number,
): void {
  const prepared = prepareEvent(event)
  writeTx(db, () => {
    db.prepare(
      `INSERT INTO cluster_runs (id, subject, host, home, record, state, updated_at) VALUES (?, ?, ?, ?, ?, 'up', ?)
       ON CONFLICT(id) DO UPDATE SET subject = excluded.subject, host = excluded.host, home = excluded.home,
         record = excluded.record, state = 'up', updated_at = excluded.updated_at`,
    ).run(run.status.run_id, run.status.subject, run.host, run.home, JSON.stringify(run.status), now)
    appendEvent(db, prepared, now)
  })
}

/** Records a run taken down (or detached), with its event. */
export function retireRun(db: Db, runId: string, event: NewEvent, now: number): void {
  const prepared = prepareEvent(event)
  writeTx(db, () => {
    db.prepare("UPDATE cluster_runs SET state = 'down', updated_at = ? WHERE id = ?").run(now, runId)
    appendEvent(db, prepared, now)
  })
}

export function registeredRun(db: Db, id: string): RegisteredRun | undefined {
  const row = db.prepare('SELECT * FROM cluster_runs WHERE id = ?').get(id) as Row | undefined
  return row && toRun(row)
}

/** Every run the database knows, the ones up first, then by id. */
export function registeredRuns(db: Db): RegisteredRun[] {
  const rows = db.prepare("SELECT * FROM cluster_runs ORDER BY state = 'down', id").all() as Row[]
  return rows.map(toRun)
}
