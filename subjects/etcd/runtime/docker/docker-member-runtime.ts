/**
 * The docker runtime behind the member-runtime seam: each operation is one
 * engine call on the member's container (kill, pause, unpause, restart) or on
 * the run's peer network (disconnect, connect). States come from inspecting
 * the container, so any terminal sees the same thing.
 */
import type Docker from 'dockerode'
import { OperatorError } from '../../../../src/core/errors.js'
import type { Engine, EngineGetter } from '../../../../src/executors/docker/engine.js'
import { STOP_GRACE_MS } from '../../defaults.js'
import { decisiveLines } from '../log-excerpt.js'
import { lastLogLine } from '../log-tail.js'
import type { MemberOpResult, MemberRuntime, MemberView } from '../member-runtime.js'
import type { DockerRunRecord } from '../run-records.js'
import { containerLogSince, demuxLogFrames } from './container-logs.js'
import { containerInstance, containerView } from './container-state.js'
import { type ContainerTarget, inspectTarget, restartOf } from './container-target.js'
import { engineFailure } from './engine-errors.js'

/** Reaches the engine (found once, then reused). */
export type GetEngine = EngineGetter

type Target = ContainerTarget

/** The member view of a container of the Docker runtime: its state, networks and instance. */
function runtimeView(name: string, info: Docker.ContainerInspectInfo | null): MemberView {
  const instance = containerInstance(info)
  return { ...containerView(name, info), ...(instance ? { instance } : {}) }
}

export function dockerMemberRuntime(run: DockerRunRecord, getEngine: GetEngine): MemberRuntime {
  const peer = run.docker.peer_network

  async function target(member: string): Promise<Target> {
    const name = run.docker.containers[member]
    if (name === undefined) {
      throw new OperatorError(
        'usage',
        `"${member}" is not a member of run ${run.run_id}`,
        `use one of ${Object.keys(run.docker.containers).join(', ')}`,
      )
    }
    return inspectTarget(getEngine, member, name, runtimeView)
  }

  function gone(t: Target): OperatorError {
    return new OperatorError(
      'conflict',
      `${t.member}'s container ${t.name} is gone from the engine`,
      'bring the run down and up again: `operator cluster down`, then `operator cluster up --runtime docker`',
    )
  }

  async function engineCall(t: Target, verb: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await call()
    } catch (err) {
      throw engineFailure(`the engine could not ${verb} ${t.member} (${t.name})`, err)
    }
  }

  function result(t: Target, summary: string, changed: boolean, extra: Record<string, unknown> = {}): MemberOpResult {
    return { summary, changed, details: { container: t.name, pid: t.view.pid, ...extra } }
  }

  const onPeer = (t: Target) => (t.view.networks ?? []).includes(peer)

  return {
    kind: 'docker',
    view: async (member) => (await target(member)).view,

    async kill(member) {
      const t = await target(member)
      if (t.info === null) throw gone(t)
      if (t.view.process === 'exited') {
        throw new OperatorError(
          'conflict',
          `${member} has no running container to kill (${t.name} is ${t.info.State.Status})`,
          `bring it back with the restart_member action (member ${member})`,
        )
      }
      await engineCall(t, 'kill', () => t.container.kill({ signal: 'SIGKILL' }))
      return result(t, `container ${t.name} killed (SIGKILL; was ${t.view.process})`, true, { signal: 'SIGKILL' })
    },

    async pause(member) {
      const t = await target(member)
      if (t.info === null) throw gone(t)
      if (t.view.process === 'exited')
        throw new OperatorError(
          'conflict',
          `${member} has no running container to pause (${t.name} is ${t.info.State.Status})`,
          `bring it back with the restart_member action (member ${member})`,
        )
      if (t.view.process === 'paused') return result(t, `container ${t.name} was already paused`, false)
      await engineCall(t, 'pause', () => t.container.pause())
      return result(t, `container ${t.name} paused (docker pause)`, true)
    },

    async resume(member) {
      const t = await target(member)
      if (t.info === null) throw gone(t)
      if (t.view.process === 'exited')
        throw new OperatorError(
          'conflict',
          `${member} has no container to resume (${t.name} is ${t.info.State.Status})`,
          `bring it back with the restart_member action (member ${member})`,
        )
      if (t.view.process === 'running') return result(t, `container ${t.name} was not paused`, false)
      await engineCall(t, 'unpause', () => t.container.unpause())
      return result(t, `container ${t.name} resumed (docker unpause)`, true)
    },

    async restart(member, _clock, signal) {
      signal?.throwIfAborted()
      const t = await target(member)
      if (t.info === null) throw gone(t)
      const was = t.view.process
      const id = t.info.Id
      // From here on the abort signal is deliberately ignored: the member is never left halfway.
      if (was === 'paused') await engineCall(t, 'unpause', () => t.container.unpause())
      // A restart brings the member back as `up` made it: on the peer network too.
      const reconnect = !onPeer(t)
      if (reconnect)
        await engineCall(t, `connect to ${peer}`, async () =>
          (await getEngine()).docker.getNetwork(peer).connect({ Container: id }),
        )
      await engineCall(t, 'restart', () => t.container.restart({ t: Math.ceil(STOP_GRACE_MS / 1000) }))
      return restartOf(was, await target(member), { reconnected_peer_network: reconnect })
    },

    async partition(member) {
      const t = await target(member)
      if (t.info === null) throw gone(t)
      if (!onPeer(t))
        return result(t, `${member} (${t.name}) was already cut off the peer network ${peer}`, false, { network: peer })
      const id = t.info.Id
      await engineCall(t, `disconnect from ${peer}`, async () =>
        (await getEngine()).docker.getNetwork(peer).disconnect({ Container: id, Force: false }),
      )
      return result(t, `${member} (${t.name}) disconnected from the peer network ${peer}`, true, { network: peer })
    },

    async heal(member) {
      const t = await target(member)
      if (t.info === null) throw gone(t)
      if (onPeer(t)) return result(t, `${member} (${t.name}) is on the peer network ${peer}`, false, { network: peer })
      const id = t.info.Id
      await engineCall(t, `connect to ${peer}`, async () =>
        (await getEngine()).docker.getNetwork(peer).connect({ Container: id }),
      )
      return result(t, `${member} (${t.name}) reconnected to the peer network ${peer}`, true, { network: peer })
    },

    async logTail(member) {
      const t = await target(member)
      if (t.info === null) return ''
      try {
        return lastLogLine(
          demuxLogFrames(await t.container.logs({ stdout: true, stderr: true, tail: 50, follow: false })),
        )
      } catch {
        return ''
      }
    },

    async logExcerpt(member, since) {
      const t = await target(member)
      return t.info === null ? [] : decisiveLines(await containerLogSince(t.container, since))
    },

    // A container that died stays on the engine as exited: nothing names it as running.
    forget: async () => undefined,
  }
}

/** A GetEngine that finds the engine on first use and keeps it (a failed attempt is retried next time). */
export function lazyEngine(find: () => Promise<Engine>): GetEngine {
  let found: Promise<Engine> | null = null
  return () => {
    if (found === null) {
      found = find().catch((err: unknown) => {
        found = null
        throw err
      })
    }
    return found
  }
}
