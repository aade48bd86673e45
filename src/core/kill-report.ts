/**
 * What the kill switch reports (`operator kill`, the screen's `K`): the
 * database half (proposals cancelled, observe mode latched), the agents
 * signalled and their acknowledgements, the action containers killed; and
 * its one-line text for people.
 */

/** The container half: action containers killed by label, or why none could be. */
export interface ContainerKillReport {
  /** `unavailable`: no engine answered in time, so nothing could be killed. */
  engine: 'ok' | 'unavailable'
  containers_killed: number
  /** Short ids of the containers killed. */
  container_ids: string[]
  /** Containers found but not confirmed gone (engine error or time limit). */
  containers_failed: number
  error?: string
}

export interface KillReport {
  proposals_cancelled: number
  proposal_ids: string[]
  tickets_escalated: number
  agents_signalled: number
  agents_acknowledged: number
  tasks_aborted: number
  /** Action containers (sandbox runs, anything an executor started) killed and removed. */
  containers_killed: number
  /** Action containers found but not confirmed gone. */
  containers_failed: number
  /** `unavailable`: no Docker engine answered in time, so no container could be killed. */
  engine: 'ok' | 'unavailable'
  safety_mode: 'observe'
  kill_latched: true
  /** The run it was engaged on (`kill --run`); null: every run. */
  run_id: string | null
  /** Attempts the latch took: more than one when the database was busy (another process held its write lock). */
  latch_attempts: number
  elapsed_ms: number
}

function describeContainers(r: KillReport): string {
  if (r.engine === 'unavailable') return 'no Docker engine answered (no containers killed)'
  const failed = r.containers_failed > 0 ? ` (${r.containers_failed} not confirmed gone)` : ''
  return `${r.containers_killed} action container(s) killed${failed}`
}

export function describeKillReport(r: KillReport): string {
  const containers = describeContainers(r)
  return (
    `kill switch engaged${r.run_id === null ? '' : ` on run ${r.run_id}`}: observe mode latched; ${r.proposals_cancelled} proposal(s) cancelled, ${containers}, ` +
    `${r.tasks_aborted} task(s) aborted, ${r.agents_acknowledged}/${r.agents_signalled} agent(s) acknowledged, ` +
    `${r.elapsed_ms} ms`
  )
}
