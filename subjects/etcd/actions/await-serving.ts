/**
 * After a restart: wait until what the runtime started serves as the member.
 * Success needs both: the process (container) this restart started is still
 * the member's and alive — the same pid and start time, the same container
 * start — and the endpoint on the member's client URL answers status as that
 * member of this cluster (member id and cluster id checked against the member
 * list). When what it started dies, it stops waiting at once and returns the
 * decisive lines of the member's own log.
 */
import type { ActionContext } from '../../../src/core/action.js'
import type { MemberClients } from '../clients.js'
import { RESTART_READY_TIMEOUT_MS } from '../defaults.js'
import { describeError } from '../grpc-errors.js'
import type { MemberRestart, MemberRuntime } from '../runtime/member-runtime.js'
import { checkServingIdentity, type KnownCluster } from '../runtime/serving-identity.js'

/** How the wait ended. */
export type ServingOutcome =
  | { kind: 'serving'; member_id: string; term: number }
  /** What the restart started is gone: exited, or replaced by something else. */
  | { kind: 'exited'; lines: string[] }
  /** It still runs, but did not answer as the member in time. */
  | { kind: 'timeout'; last_error: string; lines: string[] }
  /** Asked only to run (quorum is lost without it and others): alive for the settle window, not serving yet. */
  | { kind: 'running'; last_error: string }

/** How long a member asked only to run must stay alive: long enough for a bad data dir or a taken port to kill it. */
export const RUNNING_SETTLE_MS = 2000

/** The member list, asked of the other members first (then of the member itself); empty when none answers. */
async function knownCluster(clients: MemberClients, member: string): Promise<KnownCluster> {
  const askers = [...clients.names.filter((n) => n !== member), member]
  for (const asker of askers) {
    try {
      const list = await clients.get(asker).cluster.memberList({ linearizable: false })
      return {
        names: new Map(list.members.map((m) => [String(m.ID), m.name])),
        cluster_id: String(list.header.cluster_id),
        source: asker,
      }
    } catch {
      // Ask the next one.
    }
  }
  return { names: new Map(), cluster_id: null, source: null }
}

async function stillStarted(runtime: MemberRuntime, member: string, started: MemberRestart): Promise<boolean> {
  const view = await runtime.view(member)
  return started.instance !== null && view.process !== 'exited' && view.instance === started.instance
}

/** One status call: the member id it answered as, or why it is not the member. */
async function askIdentity(clients: MemberClients, member: string) {
  try {
    const status = await clients.get(member).maintenance.status()
    const answer = { member_id: String(status.header.member_id), cluster_id: String(status.header.cluster_id) }
    const verdict = checkServingIdentity(member, answer, await knownCluster(clients, member))
    return verdict.ok
      ? { ok: true as const, member_id: answer.member_id, term: Number(status.raftTerm) }
      : { ok: false as const, error: verdict.reason }
  } catch (err) {
    return { ok: false as const, error: describeError(err) }
  }
}

/**
 * Waits (bounded by RESTART_READY_TIMEOUT_MS) until the started member serves
 * as itself, or dies. `running`: a member that cannot serve before other
 * members are back (etcd answers clients only once a quorum has it) succeeds
 * once it has stayed alive for RUNNING_SETTLE_MS.
 */
export async function awaitServing(
  runtime: MemberRuntime,
  clients: MemberClients,
  member: string,
  started: MemberRestart,
  ctx: ActionContext,
  until_: 'serving' | 'running' = 'serving',
): Promise<ServingOutcome> {
  const until = ctx.clock.now() + (until_ === 'running' ? RUNNING_SETTLE_MS : RESTART_READY_TIMEOUT_MS)
  let lastError = ''
  for (;;) {
    if (!(await stillStarted(runtime, member, started))) {
      const lines = await runtime.logExcerpt(member, started.log_since)
      if (started.instance !== null) await runtime.forget(member, started.instance)
      return { kind: 'exited', lines }
    }
    const answer = await askIdentity(clients, member)
    // Alive before and after the answer: the answer came while it ran.
    if (answer.ok && (await stillStarted(runtime, member, started)))
      return { kind: 'serving', member_id: answer.member_id, term: answer.term }
    if (!answer.ok) lastError = answer.error
    if (ctx.clock.now() >= until && until_ === 'running') return { kind: 'running', last_error: lastError }
    if (ctx.clock.now() >= until)
      return { kind: 'timeout', last_error: lastError, lines: await runtime.logExcerpt(member, started.log_since) }
    await ctx.clock.sleep(200, ctx.signal)
  }
}
