/**
 * Fresh, direct questions to the members for actions and faults: who answers,
 * each member's id, and who the leader is right now.
 */
import type { IStatusResponse } from 'etcd3'
import type { MemberClients } from './clients.js'
import { describeError } from './grpc-errors.js'

/** One member's answer to a status call, or why it gave none. */
export type MemberAnswer =
  | { name: string; ok: true; status: IStatusResponse; member_id: string }
  | { name: string; ok: false; error: string }

/** Status of every member, in parallel, in member order. Never throws. */
export async function queryMembers(clients: MemberClients): Promise<MemberAnswer[]> {
  return Promise.all(
    clients.names.map(async (name): Promise<MemberAnswer> => {
      try {
        const status = await clients.get(name).maintenance.status()
        return { name, ok: true, status, member_id: String(status.header.member_id) }
      } catch (err) {
        return { name, ok: false, error: describeError(err) }
      }
    }),
  )
}

/** A current leader: the self-declared leader at the highest term among the answers. */
export interface LeaderInfo {
  name: string
  member_id: string
  term: number
}

export function leaderOf(answers: readonly MemberAnswer[]): LeaderInfo | null {
  let best: LeaderInfo | null = null
  for (const a of answers) {
    if (!a.ok || String(a.status.leader) !== a.member_id) continue
    const term = Number(a.status.raftTerm)
    if (best === null || term > best.term) best = { name: a.name, member_id: a.member_id, term }
  }
  return best
}

/** The answer of one member, if it answered. */
export function answerOf(answers: readonly MemberAnswer[], name: string): Extract<MemberAnswer, { ok: true }> | null {
  const a = answers.find((x) => x.name === name)
  return a?.ok === true ? a : null
}

/** Member id → name, from the member list of one member; empty when it cannot answer. */
export async function memberNamesById(clients: MemberClients, asker: string): Promise<Map<string, string>> {
  try {
    const list = await clients.get(asker).cluster.memberList({ linearizable: false })
    return new Map(list.members.map((m) => [String(m.ID), m.name]))
  } catch {
    return new Map()
  }
}
