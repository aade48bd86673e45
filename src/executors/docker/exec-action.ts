/**
 * docker_exec: run a command in a running managed container — an argument
 * array, never a shell string; no stdin, no TTY; output bounded and
 * redacted; a time limit after which the process is killed. High risk,
 * tier 3: a person approves every exec.
 */

import { z } from 'zod'
import { actionSpec } from '../../core/action.js'
import { defineAction, failed, ok } from '../action-result.js'
import { BoundedOutput } from '../bounded-output.js'
import type { EngineGetter } from './engine.js'
import { killContainerProcess } from './exec-kill.js'
import { explainExit } from './exit-codes.js'
import { FrameDemuxer } from './frames.js'
import { onContainer } from './on-container.js'
import { DockerRef } from './params.js'
import type { DockerScope } from './scope.js'
import { closeStream, keepStreamOpen, streamUntil } from './stream-until.js'

export const EXEC_MAX_TIMEOUT_MS = 120_000

const ExecParams = z.strictObject({
  container: DockerRef,
  /** argv: the program, then its arguments, each passed as it is (no shell). */
  command: z
    .array(
      z
        .string()
        .max(4096)
        .refine((a) => !a.includes('\0'), 'must not contain NUL'),
    )
    .min(1)
    .max(64)
    .refine((c) => (c[0] ?? '') !== '', 'the program (command[0]) must not be empty'),
  user: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]+(:[a-zA-Z0-9_.-]+)?$/, 'must be user or user:group')
    .optional(),
  workdir: z
    .string()
    .max(256)
    .regex(/^\/[^\0]*$/, 'must be an absolute path')
    .optional(),
  timeout_ms: z.number().int().min(100).max(EXEC_MAX_TIMEOUT_MS).default(30_000),
})

export const DOCKER_EXEC = actionSpec({
  name: 'docker_exec',
  kind: 'docker',
  description:
    'Run a command (an argument array, no shell, no stdin) in a running managed container, with a time limit; reports exit code and bounded output.',
  params: ExecParams,
  risk: 'high',
  tier: 3,
})

export function dockerExecAction(getEngine: EngineGetter, scope: DockerScope) {
  return defineAction({
    ...DOCKER_EXEC,
    run: onContainer('exec in', getEngine, scope, async (t, p, ctx) => {
      const s = t.info.State
      if (!s.Running || s.Paused)
        return failed(`${t.name} is ${s.Status}`, 'exec needs a running, unpaused container', {
          container: t.name,
          status: s.Status,
        })
      const started = performance.now()
      const exec = await t.container.exec({
        Cmd: p.command,
        AttachStdin: false,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
        ...(p.user ? { User: p.user } : {}),
        ...(p.workdir ? { WorkingDir: p.workdir } : {}),
        abortSignal: ctx.signal,
      })
      const stream = await exec.start({ hijack: true, stdin: false, abortSignal: ctx.signal })
      keepStreamOpen(stream)
      const stdout = new BoundedOutput()
      const stderr = new BoundedOutput()
      const demux = new FrameDemuxer((kind, payload) => (kind === 'stderr' ? stderr : stdout).push(payload))
      stream.on('data', (chunk: Buffer) => demux.push(chunk))
      const end = await streamUntil(stream, p.timeout_ms, ctx.signal)
      let killed = false
      if (end !== 'ended') {
        closeStream(stream)
        const pid = (await exec.inspect()).Pid
        killed = killContainerProcess(pid, t.info.Id)
        if (end === 'aborted') ctx.signal.throwIfAborted()
      }
      // The stream can close a moment before the engine records the exit code.
      let info = await exec.inspect()
      for (let i = 0; info.Running && i < 20 && end === 'ended'; i++) {
        await ctx.clock.sleep(50, ctx.signal)
        info = await exec.inspect()
      }
      const out = stdout.result()
      const err = stderr.result()
      const details = {
        container: t.name,
        command: p.command,
        exit_code: info.Running ? null : info.ExitCode,
        timed_out: end === 'timed_out',
        killed,
        stdout: out.text,
        stderr: err.text,
        stdout_bytes: out.bytes,
        stderr_bytes: err.bytes,
        truncated: out.truncated || err.truncated,
        duration_ms: Math.round(performance.now() - started),
      }
      if (end === 'timed_out') {
        const left = killed
          ? 'killed'
          : 'could not be killed (the engine reports no reachable pid): it may still be running'
        return failed(`exec in ${t.name} ran past ${p.timeout_ms} ms`, `timed out; the process ${left}`, details)
      }
      const code = info.ExitCode ?? -1
      if (code === 0) return ok(`exec in ${t.name} exited 0`, details)
      return failed(`exec in ${t.name} failed`, explainExit({ ExitCode: code, OOMKilled: false }), details)
    }),
  })
}
