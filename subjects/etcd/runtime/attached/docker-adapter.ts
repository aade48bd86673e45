/**
 * The docker adapter of an attached run (`--runtime-adapter docker`): the
 * members named with --member-container, and only those containers, are
 * inspected, restarted (a stopped one started), and — with --allow-faults —
 * killed, paused and resumed through the engine. A container that is gone
 * from the engine shows `exited` with no pid; its restart is refused with the
 * fix, since Operator restarts containers it was told about and creates none.
 */
import type Docker from 'dockerode'
import { OperatorError } from '../../../../src/core/errors.js'
import type { EngineGetter } from '../../../../src/executors/docker/engine.js'
import { STOP_GRACE_MS } from '../../defaults.js'
import { containerLogSince } from '../docker/container-logs.js'
import { containerInstance, containerView } from '../docker/container-state.js'
import { type ContainerTarget, inspectTarget, restartOf } from '../docker/container-target.js'
import { engineFailure } from '../docker/engine-errors.js'
import { decisiveLines } from '../log-excerpt.js'
import { lastLogLine } from '../log-tail.js'
import type { MemberOpResult, MemberView } from '../member-runtime.js'
import type { AdapterControl } from './adapter.js'

type Target = ContainerTarget

/** The member view of an attached member's container: no networks (an attached run has no peer network of Operator's). */
export function attachedContainerView(name: string, info: Docker.ContainerInspectInfo | null): MemberView {
  const { networks: _networks, ...view } = containerView(name, info)
  const instance = containerInstance(info)
  return { ...view, ...(instance !== null ? { instance } : {}) }
}

export function dockerAdapter(
  runId: string,
  containers: Record<string, string>,
  getEngine: EngineGetter,
): AdapterControl {
  async function target(member: string): Promise<Target> {
    const name = containers[member]
    if (name === undefined)
      throw new OperatorError('usage', `no container was named for ${member}`, '--member-container')
    return inspectTarget(getEngine, member, name, attachedContainerView)
  }

  function gone(t: Target): OperatorError {
    return new OperatorError(
      'conflict',
      `${t.member}'s container ${t.name} (attached run ${runId}) is gone from the engine; Operator restarts it but never creates it`,
      `recreate the container ${t.name} on its host, or detach and attach again with --member-container naming the new one`,
    )
  }

  async function call(t: Target, verb: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run()
    } catch (err) {
      throw engineFailure(`the engine could not ${verb} ${t.member}'s container ${t.name}`, err)
    }
  }

  /** The target, when it has a live (running or paused) container to act on. */
  async function live(member: string, what: string): Promise<Target> {
    const t = await target(member)
    if (t.info === null) throw gone(t)
    if (t.view.process === 'exited')
      throw new OperatorError(
        'conflict',
        `${member} has no running container to ${what} (${t.name} is ${t.info.State.Status})`,
        `bring it back with the restart_member action (member ${member})`,
      )
    return t
  }

  const result = (t: Target, summary: string, changed: boolean): MemberOpResult => ({
    summary,
    changed,
    details: { container: t.name, pid: t.view.pid },
  })

  return {
    kind: 'docker',
    drives: (member) => containers[member] !== undefined,
    view: async (member) => (await target(member)).view,

    async restart(member, _clock, signal) {
      signal?.throwIfAborted()
      const t = await target(member)
      if (t.info === null) throw gone(t)
      const was = t.view.process
      // From here on the signal is ignored: the member is never left halfway.
      if (was === 'paused') await call(t, 'unpause', () => t.container.unpause())
      const verb = was === 'exited' ? 'start' : 'restart'
      if (verb === 'start') await call(t, 'start', () => t.container.start())
      else await call(t, 'restart', () => t.container.restart({ t: Math.ceil(STOP_GRACE_MS / 1000) }))
      return restartOf(was, await target(member), { adapter: 'docker', engine_call: verb })
    },

    async logTail(member) {
      const t = await target(member)
      if (t.info === null) return `container ${t.name} is gone from the engine`
      return lastLogLine(await containerLogSince(t.container, 0))
    },

    async logExcerpt(member, since) {
      const t = await target(member)
      return t.info === null ? [] : decisiveLines(await containerLogSince(t.container, since))
    },

    faults: {
      async kill(member) {
        const t = await live(member, 'kill')
        await call(t, 'kill', () => t.container.kill({ signal: 'SIGKILL' }))
        return result(t, `container ${t.name} killed (SIGKILL; was ${t.view.process})`, true)
      },
      async pause(member) {
        const t = await live(member, 'pause')
        if (t.view.process === 'paused') return result(t, `container ${t.name} was already paused`, false)
        await call(t, 'pause', () => t.container.pause())
        return result(t, `container ${t.name} paused (docker pause)`, true)
      },
      async resume(member) {
        const t = await live(member, 'resume')
        if (t.view.process === 'running') return result(t, `container ${t.name} was not paused`, false)
        await call(t, 'unpause', () => t.container.unpause())
        return result(t, `container ${t.name} resumed (docker unpause)`, true)
      },
    },
  }
}
