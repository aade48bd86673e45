/**
 * `operator cluster up --runtime docker`: three members as containers from
 * the offline etcd image. Two networks per run: a client network holding
 * the published client ports (127.0.0.1 only; members cannot talk to each
 * other on it), and an internal peer network carrying the peer traffic,
 * so cutting a member from it partitions the member from its peers while
 * the operator still sees it. Waits until healthy, puts the leader on the
 * preferred member; on any failure removes everything it created.
 */
import { mkdirSync } from 'node:fs'
import { errorMessage, isOperatorError, OperatorError } from '../../../../src/core/errors.js'
import type { ClusterStatus, ClusterUpOptions } from '../../../../src/core/subject.js'
import type { Engine } from '../../../../src/executors/docker/engine.js'
import { requireEngine } from '../../../../src/executors/docker/engine.js'
import { ETCD_IMAGE, ensureImage } from '../../../../src/executors/docker/images.js'
import { freePorts } from '../../../../src/executors/local/free-ports.js'
import { MemberClients } from '../../clients.js'
import { TRANSFER_TIMEOUT_MS } from '../../defaults.js'
import { transferLeadership } from '../../leader-transfer.js'
import { type CheckedUp, upRunId, validate } from '../cluster-up.js'
import { runDir } from '../run-paths.js'
import type { DockerRunRecord } from '../run-records.js'
import { clearCurrentRun, writeCurrentRun, writeRunRecord } from '../run-records.js'
import { type WaitDeps, waitUntilHealthy } from '../wait-healthy.js'
import { dockerClusterStatus } from './docker-cluster-status.js'
import { dockerMemberRuntime } from './docker-member-runtime.js'
import { engineFailure } from './engine-errors.js'
import { memberContainerOptions } from './member-container.js'
import { clientNetworkName, containerName, peerNetworkName, peerUrl, runLabels } from './names.js'
import { removeRun } from './remove-run.js'

function runRecord(
  runId: string,
  engine: Engine,
  image: string,
  ports: number[],
  options: CheckedUp,
  now: number,
): DockerRunRecord {
  return {
    subject: 'etcd',
    run_id: runId,
    runtime: 'docker',
    created_at: now,
    quota_bytes: options.quotaBytes,
    preferred: options.preferred,
    cluster_token: runId,
    members: options.names.map((name, i) => ({
      name,
      client_url: `http://127.0.0.1:${ports[i]}`,
      peer_url: peerUrl(runId, name),
    })),
    docker: {
      engine_host: engine.host,
      image,
      client_network: clientNetworkName(runId),
      peer_network: peerNetworkName(runId),
      containers: Object.fromEntries(options.names.map((name) => [name, containerName(runId, name)])),
    },
  }
}

/** Creates the networks and containers (not started), each member on both networks. */
async function createMembers(engine: Engine, run: DockerRunRecord): Promise<void> {
  const labels = runLabels(run.run_id)
  await engine.docker.createNetwork({
    Name: run.docker.client_network,
    Driver: 'bridge',
    CheckDuplicate: true,
    Labels: labels,
    // Members never talk to each other here: after a partition the peer traffic must not find a way round.
    Options: { 'com.docker.network.bridge.enable_icc': 'false' },
  })
  // Internal: no way out, and the engine keeps the published ports on the client network.
  await engine.docker.createNetwork({
    Name: run.docker.peer_network,
    Driver: 'bridge',
    CheckDuplicate: true,
    Internal: true,
    Labels: labels,
  })
  const peer = engine.docker.getNetwork(run.docker.peer_network)
  for (const member of run.members) {
    const name = run.docker.containers[member.name] ?? containerName(run.run_id, member.name)
    const container = await engine.docker.createContainer(memberContainerOptions(run, member, name))
    await peer.connect({ Container: container.id })
  }
}

export async function dockerClusterUp(
  options: ClusterUpOptions,
  signal: AbortSignal,
  deps: WaitDeps,
): Promise<ClusterStatus> {
  const checked = validate(options)
  const { home } = options
  const engine = await requireEngine()
  signal.throwIfAborted()
  let image: string
  try {
    image = await ensureImage(engine, ETCD_IMAGE)
  } catch (err) {
    throw engineFailure('could not build the etcd image', err)
  }
  signal.throwIfAborted()
  const runId = upRunId(options, deps.clock.now())
  // Fixed host ports: a port the engine picks changes each time the container starts.
  const run = runRecord(runId, engine, image, await freePorts(checked.names.length), checked, deps.clock.now())
  mkdirSync(runDir(home, runId), { recursive: true, mode: 0o700 })
  writeRunRecord(home, run)
  deps.log('starting etcd containers', { run_id: runId, engine: engine.host, image, members: run.members })

  const runtime = dockerMemberRuntime(run, async () => engine)
  const clients = new MemberClients(run.members)
  const where = `see the member logs with \`docker logs ${containerName(runId, 'm1')}\` (likewise m2, m3) on ${engine.host}`
  try {
    try {
      await createMembers(engine, run)
      await Promise.all(Object.values(run.docker.containers).map((name) => engine.docker.getContainer(name).start()))
    } catch (err) {
      throw engineFailure(`could not start the containers of run ${runId}`, err)
    }
    writeCurrentRun(home, runId)
    await waitUntilHealthy(run, clients, runtime, signal, deps, () => where)
    const moved = await transferLeadership(clients, checked.preferred, {
      clock: deps.clock,
      signal,
      timeoutMs: TRANSFER_TIMEOUT_MS,
    })
    if (!moved.ok)
      throw new OperatorError('subject', `could not move the leader to ${checked.preferred}: ${moved.reason}`, where)
    deps.log('etcd cluster up', {
      run_id: runId,
      runtime: 'docker',
      leader: moved.to,
      moved_from: moved.already ? null : moved.from,
    })
  } catch (err) {
    deps.log('etcd startup failed; removing containers and networks', { run_id: runId, error: errorMessage(err) })
    await removeRun(engine, runId).catch((cleanup: unknown) =>
      deps.log('cleanup failed', { run_id: runId, error: errorMessage(cleanup) }),
    )
    clearCurrentRun(home, runId)
    if (isOperatorError(err) || signal.aborted) throw err
    throw new OperatorError('subject', `etcd startup failed: ${errorMessage(err)}`, where, { cause: err })
  } finally {
    clients.close()
  }
  return dockerClusterStatus(run, runtime)
}
