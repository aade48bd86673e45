/**
 * Is the endpoint that answers on a member's client URL that member? The
 * status header names the member id and cluster id of whoever answered; the
 * cluster's member list (asked of the other members first) maps ids to
 * names. Anything else answering there — another etcd, another cluster's
 * member — is not the member, whatever it says about raft. Pure.
 */

/** Who answered a status call: its response header. */
export interface ServingAnswer {
  member_id: string
  cluster_id: string
}

/** What the cluster says of its members. */
export interface KnownCluster {
  /** Member id → name, from a member list; empty when no member could answer. */
  names: ReadonlyMap<string, string>
  /** The cluster id in that answer; null when none came. */
  cluster_id: string | null
  /** The member that gave the list. */
  source: string | null
}

export type IdentityVerdict = { ok: true } | { ok: false; reason: string }

/** Whether `answer` comes from `member` of the known cluster, and if not, why not in one line. */
export function checkServingIdentity(member: string, answer: ServingAnswer, known: KnownCluster): IdentityVerdict {
  if (known.names.size === 0 || known.cluster_id === null)
    return { ok: false, reason: `no member list to check who answers as ${member} against` }
  const from = known.source !== null ? ` (member list of ${known.source})` : ''
  if (answer.cluster_id !== known.cluster_id)
    return {
      ok: false,
      reason: `the endpoint of ${member} answers for cluster ${answer.cluster_id}, not this run's cluster ${known.cluster_id}${from}`,
    }
  const name = known.names.get(answer.member_id)
  if (name === undefined)
    return {
      ok: false,
      reason: `the endpoint of ${member} answers as member id ${answer.member_id}, which is not in the cluster${from}`,
    }
  if (name !== member)
    return {
      ok: false,
      reason: `the endpoint of ${member} answers as ${name === '' ? 'an unstarted member' : name} (member id ${answer.member_id}), not ${member}${from}`,
    }
  return { ok: true }
}
