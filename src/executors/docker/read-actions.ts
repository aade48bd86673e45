/**
 * docker_logs and docker_inspect: read-only, low risk. Logs are a bounded
 * tail (never followed) with timestamps; both come back redacted.
 */

import type Dockerode from 'dockerode'
import { z } from 'zod'
import { actionSpec } from '../../core/action.js'
import { isSecretKey, REDACTED, redact, redactText } from '../../core/redact.js'
import { defineAction, ok } from '../action-result.js'
import { tailOutput } from '../bounded-output.js'
import type { EngineGetter } from './engine.js'
import { explainExit } from './exit-codes.js'
import { mergeFrames } from './frames.js'
import { onContainer } from './on-container.js'
import { ContainerParams, DockerRef } from './params.js'
import type { DockerScope } from './scope.js'

export const MAX_LOG_LINES = 10_000
/** Bytes of log text a result carries at most (the newest are kept). */
export const LOG_BYTES_LIMIT = 256 * 1024

const LogsParams = z.strictObject({
  container: DockerRef,
  tail: z.number().int().min(1).max(MAX_LOG_LINES).default(100),
  timestamps: z.boolean().default(true),
})

export const DOCKER_LOGS = actionSpec({
  name: 'docker_logs',
  kind: 'docker',
  description: `The last lines of a managed container's output (tail, default 100, at most ${MAX_LOG_LINES}), with timestamps; never follows.`,
  params: LogsParams,
  risk: 'low',
  tier: 1,
})

export const DOCKER_INSPECT = actionSpec({
  name: 'docker_inspect',
  kind: 'docker',
  description:
    "A managed container's state, exit explanation, command, environment (secrets redacted), networks, mounts and limits.",
  params: ContainerParams,
  risk: 'low',
  tier: 1,
})

export function dockerLogsAction(getEngine: EngineGetter, scope: DockerScope) {
  return defineAction({
    ...DOCKER_LOGS,
    run: onContainer('logs of', getEngine, scope, async (t, p, ctx) => {
      const raw = await t.container.logs({
        follow: false,
        stdout: true,
        stderr: true,
        tail: p.tail,
        timestamps: p.timestamps,
        abortSignal: ctx.signal,
      })
      const buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw))
      // With a TTY the engine sends raw bytes; without one, multiplexed frames.
      const text = tailOutput(t.info.Config.Tty ? buffer : mergeFrames(buffer), LOG_BYTES_LIMIT)
      const lines = text.text === '' ? 0 : text.text.replace(/\n$/, '').split('\n').length
      return ok(`${lines} log line(s) of ${t.name}${text.truncated ? ' (truncated to the newest)' : ''}`, {
        container: t.name,
        lines,
        logs: text.text,
        bytes: text.bytes,
        truncated: text.truncated,
      })
    }),
  })
}

/** KEY=VALUE environment entries with secret values replaced. */
function redactEnv(env: readonly string[] | undefined): string[] {
  return (env ?? []).map((entry) => {
    const eq = entry.indexOf('=')
    if (eq === -1) return entry
    const key = entry.slice(0, eq)
    return isSecretKey(key) ? `${key}=${REDACTED}` : redactText(entry)
  })
}

/** What a person diagnosing a container needs from inspect, without the noise. */
export function summarizeInspect(info: Dockerode.ContainerInspectInfo): Record<string, unknown> {
  const s = info.State
  const exit = { ExitCode: s.ExitCode, OOMKilled: s.OOMKilled }
  const networks = Object.entries(info.NetworkSettings.Networks ?? {}).map(([name, n]) => ({
    name,
    network_id: n.NetworkID,
    aliases: n.Aliases ?? [],
  }))
  return redact({
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: info.Config.Image,
    created: info.Created,
    state: {
      status: s.Status,
      running: s.Running,
      paused: s.Paused,
      restarting: s.Restarting,
      oom_killed: s.OOMKilled,
      exit_code: s.ExitCode,
      exit: s.Running ? null : explainExit(exit),
      error: s.Error,
      started_at: s.StartedAt,
      finished_at: s.FinishedAt,
      health: s.Health?.Status ?? null,
    },
    restart_count: info.RestartCount,
    command: [...(info.Config.Entrypoint ? [info.Config.Entrypoint].flat() : []), ...(info.Config.Cmd ?? [])],
    env: redactEnv(info.Config.Env),
    labels: info.Config.Labels ?? {},
    network_mode: info.HostConfig.NetworkMode,
    networks,
    ports: info.NetworkSettings.Ports ?? {},
    mounts: info.Mounts.map((m) => ({ type: m.Type, source: m.Source, destination: m.Destination, rw: m.RW })),
    limits: {
      memory: info.HostConfig.Memory ?? 0,
      nano_cpus: info.HostConfig.NanoCpus ?? 0,
      pids: info.HostConfig.PidsLimit ?? null,
    },
    restart_policy: info.HostConfig.RestartPolicy?.Name ?? 'no',
  })
}

export function dockerInspectAction(getEngine: EngineGetter, scope: DockerScope) {
  return defineAction({
    ...DOCKER_INSPECT,
    run: onContainer('inspect', getEngine, scope, async (t) => {
      const summary = summarizeInspect(t.info)
      const state = t.info.State
      const exitNote = state.Running
        ? ''
        : ` (${explainExit({ ExitCode: state.ExitCode, OOMKilled: state.OOMKilled })})`
      return ok(`${t.name} is ${state.Status}${exitNote}`, summary)
    }),
  })
}
