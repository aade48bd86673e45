/**
 * Versioned schema migrations. Each entry moves `user_version` up by one and
 * runs in its own transaction; a database newer than this build is refused.
 */

export interface Migration {
  version: number
  description: string
  sql: string
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'audit log, modes, tickets, proposals, approvals, agents',
    sql: `
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        run_id TEXT,
        actor TEXT NOT NULL,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        prev_hash TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL UNIQUE
      );
      CREATE INDEX events_type_ts ON events(type, ts);
      CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
      CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

      CREATE TABLE modes (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        safety TEXT NOT NULL CHECK (safety IN ('observe', 'execute')),
        approval TEXT NOT NULL CHECK (approval IN ('manual', 'auto')),
        kill_latched INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL
      );
      INSERT INTO modes (id, safety, approval, kill_latched, updated_at, updated_by)
        VALUES (1, 'observe', 'manual', 0, 0, 'system');

      CREATE TABLE tickets (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        run_id TEXT NOT NULL,
        subject TEXT NOT NULL,
        key TEXT NOT NULL,
        invariant TEXT NOT NULL,
        severity TEXT NOT NULL,
        target TEXT,
        message TEXT NOT NULL,
        evidence TEXT NOT NULL,
        status TEXT NOT NULL,
        occurrences INTEGER NOT NULL,
        opened_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        resolved_at INTEGER,
        claimed_by TEXT,
        escalation_reason TEXT,
        version INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX tickets_one_active_per_key ON tickets(run_id, key) WHERE status != 'resolved';

      CREATE TABLE proposals (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        ticket_id TEXT NOT NULL REFERENCES tickets(id),
        attempt INTEGER NOT NULL,
        step INTEGER NOT NULL,
        steps INTEGER NOT NULL,
        action TEXT NOT NULL,
        params TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        risk TEXT NOT NULL,
        tier INTEGER NOT NULL,
        rationale TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        result TEXT,
        created_by TEXT NOT NULL,
        executing_agent TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        version INTEGER NOT NULL
      );
      CREATE INDEX proposals_status ON proposals(status);
      CREATE INDEX proposals_ticket ON proposals(ticket_id);

      CREATE TABLE approvals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        proposal_id TEXT NOT NULL REFERENCES proposals(id),
        actor TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
        comment TEXT,
        content_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (proposal_id, actor)
      );

      CREATE TABLE agents (
        id TEXT PRIMARY KEY,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        subject TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL,
        stopped_at INTEGER
      );
    `,
  },
]

MIGRATIONS.push({
  version: 2,
  description: 'governance: policy decision and risk on proposals, approval expiry and revocation, execution tokens',
  sql: `
    -- The policy decision taken at validation: rule id, decision, required approvals, approvers, TTL, policy digest.
    ALTER TABLE proposals ADD COLUMN policy TEXT;
    -- The risk assessment: base risk, parameter factors, session risk score and its factors, effective risk.
    ALTER TABLE proposals ADD COLUMN risk_assessment TEXT;
    ALTER TABLE approvals ADD COLUMN expires_at INTEGER;
    ALTER TABLE approvals ADD COLUMN revoked_at INTEGER;
    CREATE TABLE tokens (
      id TEXT PRIMARY KEY,
      proposal_id TEXT NOT NULL REFERENCES proposals(id),
      content_hash TEXT NOT NULL,
      scope TEXT NOT NULL,
      issued_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      signature TEXT NOT NULL,
      consumed_at INTEGER,
      consumed_by TEXT,
      revoked_at INTEGER,
      revoked_reason TEXT
    );
    CREATE INDEX tokens_proposal ON tokens(proposal_id);
  `,
})

MIGRATIONS.push({
  version: 3,
  description: 'run recordings: every demo, headless and scenario run with the inputs its screen was built from',
  sql: `
    CREATE TABLE runs (
      id TEXT PRIMARY KEY,
      subject TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('demo', 'headless', 'scenario')),
      started_at INTEGER NOT NULL,
      ended_at INTEGER,
      -- JSON: cluster, modes, interval and whatever the run adds when it ends (a report).
      meta TEXT NOT NULL
    );
    CREATE INDEX runs_started ON runs(started_at);
    -- One row per input of the view model, in arrival order; payload is redacted text or JSON.
    CREATE TABLE recording (
      run_id TEXT NOT NULL REFERENCES runs(id),
      seq INTEGER NOT NULL,
      at INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('line', 'child', 'snapshot', 'notice')),
      source TEXT,
      stream TEXT,
      payload TEXT NOT NULL,
      PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID;
  `,
})

MIGRATIONS.push({
  version: 4,
  description: "recordings keep a scenario's narration (the band above the panels) as its own kind of entry",
  // SQLite cannot change a CHECK constraint in place: the table is rebuilt with its rows.
  sql: `
    CREATE TABLE recording_v4 (
      run_id TEXT NOT NULL REFERENCES runs(id),
      seq INTEGER NOT NULL,
      at INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('line', 'child', 'snapshot', 'notice', 'narration')),
      source TEXT,
      stream TEXT,
      payload TEXT NOT NULL,
      PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID;
    INSERT INTO recording_v4 (run_id, seq, at, kind, source, stream, payload) SELECT run_id, seq, at, kind, source, stream, payload FROM recording;
    DROP TABLE recording;
    ALTER TABLE recording_v4 RENAME TO recording;
  `,
})

MIGRATIONS.push({
  version: 5,
  description: 'approver identity: the OS user of every approval, and the key signature when the policy names a key',
  sql: `
    ALTER TABLE approvals ADD COLUMN os_uid INTEGER;
    ALTER TABLE approvals ADD COLUMN os_user TEXT;
    -- sha256 (hex) of the approver's Ed25519 public key, and the signature (base64) over the decision.
    ALTER TABLE approvals ADD COLUMN key_fingerprint TEXT;
    ALTER TABLE approvals ADD COLUMN key_signature TEXT;
  `,
})

MIGRATIONS.push({
  version: 6,
  description: 'triage: a ticket that follows from another (its root) is linked to it; roots carry a repair priority',
  sql: `
    -- The root violation's key and its ticket (null: the ticket is a root), why, and the root's repair priority.
    ALTER TABLE tickets ADD COLUMN cause_key TEXT;
    ALTER TABLE tickets ADD COLUMN cause_ticket TEXT;
    ALTER TABLE tickets ADD COLUMN triage_reason TEXT;
    ALTER TABLE tickets ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
  `,
})

MIGRATIONS.push({
  version: 7,
  description:
    'per-run modes (a run’s own safety, approval and kill latch), the run of each agent, tickets by run and status',
  sql: `
    -- NULL safety/approval: the run follows the global modes. The global observe mode and latch cover every run.
    CREATE TABLE run_modes (
      run_id TEXT PRIMARY KEY,
      safety TEXT CHECK (safety IN ('observe', 'execute')),
      approval TEXT CHECK (approval IN ('manual', 'auto')),
      kill_latched INTEGER NOT NULL DEFAULT 0,
      updated_at INTEGER NOT NULL,
      updated_by TEXT NOT NULL
    );
    -- The run an agent works on: the kill switch on one run signals only its agents.
    ALTER TABLE agents ADD COLUMN run_id TEXT;
    -- Every poll resolves a run's tickets that are gone: without it that is a scan of every ticket ever opened.
    CREATE INDEX tickets_run_status ON tickets(run_id, status);
  `,
})

MIGRATIONS.push({
  version: 8,
  description:
    'fleet: a lease number (fencing token) on each ticket claim, checked by the gate; runs known to the database',
  sql: `
    -- Raised each time a ticket changes hands: an agent executes only under the lease it claimed.
    ALTER TABLE tickets ADD COLUMN lease INTEGER NOT NULL DEFAULT 0;
    -- The run registry: every host that shares the database sees every run, and which host runs its members.
    CREATE TABLE cluster_runs (
      id TEXT PRIMARY KEY,
      subject TEXT NOT NULL,
      host TEXT NOT NULL,
      home TEXT NOT NULL,
      record TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('up', 'down')),
      updated_at INTEGER NOT NULL
    );
  `,
})

MIGRATIONS.push({
  version: 9,
  description: 'fleet: faults asked for on another host, injected by the monitor of the host that runs the run',
  sql: `
    CREATE TABLE fault_requests (
      id TEXT PRIMARY KEY,
      run_id TEXT NOT NULL,
      fault TEXT NOT NULL,
      target TEXT,
      requested_by TEXT NOT NULL,
      requested_at INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'taken', 'done', 'failed', 'refused', 'cancelled')),
      taken_by TEXT,
      result TEXT,
      done_at INTEGER
    );
    CREATE INDEX fault_requests_run_status ON fault_requests(run_id, status);
  `,
})

export const LATEST_VERSION = MIGRATIONS.length
