/**
 * `operator cluster status` for a docker run: each member's state (running,
 * paused, exited) and main pid from the engine, with its container.
 */
import type { ClusterStatus } from '../../../../src/core/subject.js'
import { SUBJECT_NAME } from '../../defaults.js'
import type { MemberRuntime } from '../member-runtime.js'
import type { DockerRunRecord } from '../run-records.js'

export async function dockerClusterStatus(run: DockerRunRecord, runtime: MemberRuntime): Promise<ClusterStatus> {
  const members = await Promise.all(
    run.members.map(async (m) => {
      const view = await runtime.view(m.name)
      return {
        name: m.name,
        client_url: m.client_url,
        peer_url: m.peer_url,
        pid: view.pid,
        state: view.process,
        ...(view.container !== undefined ? { container: view.container } : {}),
      }
    }),
  )
  return { run_id: run.run_id, subject: SUBJECT_NAME, runtime: 'docker', preferred: run.preferred, members }
}
