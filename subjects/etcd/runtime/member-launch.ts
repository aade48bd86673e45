/**
 * Builds a member's launch description from its run record, so first start
 * and every restart use the same flags, ports and data dir.
 */
import type { MemberLaunch } from './member-process.js'
import { memberDataDir, memberLogFile } from './run-paths.js'
import type { RunMember, RunRecord } from './run-records.js'

export function memberLaunch(
  home: string,
  run: RunRecord,
  member: RunMember,
  clusterState: MemberLaunch['clusterState'],
): MemberLaunch {
  return {
    name: member.name,
    clientUrl: member.client_url,
    peerUrl: member.peer_url,
    dataDir: memberDataDir(home, run.run_id, member.name),
    logFile: memberLogFile(home, run.run_id, member.name),
    initialCluster: run.members.map((m) => `${m.name}=${m.peer_url}`).join(','),
    clusterToken: run.cluster_token,
    clusterState,
    quotaBytes: run.quota_bytes,
  }
}
