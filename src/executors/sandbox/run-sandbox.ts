/**
 * Runs one script in a fresh sandbox container (see sandbox-spec.ts) and
 * removes it afterwards, whatever happens. Output is read by attaching
 * before start, bounded per stream; the time limit kills the container;
 * an abort of the signal kills it too, then rejects with the reason.
 */
import type Dockerode from 'dockerode'
import { errorMessage } from '../../core/errors.js'
import { BoundedOutput, type CapturedOutput } from '../bounded-output.js'
import type { Engine } from '../docker/engine.js'
import { explainExit } from '../docker/exit-codes.js'
import { FrameDemuxer } from '../docker/frames.js'
import { ensureImage, SANDBOX_IMAGE } from '../docker/images.js'
import { closeStream, keepStreamOpen, streamUntil } from '../docker/stream-until.js'
import { isNotFound } from '../docker/target.js'
import { sandboxSpec } from './sandbox-spec.js'
import type { ScriptLanguage } from './script-finding.js'

export const DEFAULT_SCRIPT_TIMEOUT_MS = 10_000
export const MAX_SCRIPT_TIMEOUT_MS = 60_000
const CLEANUP_TIMEOUT_MS = 15_000

export interface SandboxRequest {
  language: ScriptLanguage
  script: string
  timeoutMs: number
  runId: string
  proposalId?: string
  signal: AbortSignal
  log?: (message: string, fields?: Record<string, unknown>) => void
}

export interface SandboxResult {
  /** null when the container vanished before its exit was read (removed from outside, e.g. by the kill switch). */
  exit_code: number | null
  explanation: string
  timed_out: boolean
  oom: boolean
  stdout: string
  stderr: string
  stdout_bytes: number
  stderr_bytes: number
  stdout_truncated: boolean
  stderr_truncated: boolean
  truncated: boolean
  container_id: string
  image: string
  /** From the start of the container to its exit. */
  run_ms: number
  /** Everything: image check, create, run, removal. */
  duration_ms: number
}

// Building the image's tag runs ldd over every binary: once per engine is enough.
const images = new WeakMap<Engine, Promise<string>>()

export function sandboxImage(engine: Engine): Promise<string> {
  let image = images.get(engine)
  if (!image) {
    image = ensureImage(engine, SANDBOX_IMAGE)
    images.set(engine, image)
    image.catch(() => images.delete(engine))
  }
  return image
}

async function inspectOrNull(container: Dockerode.Container): Promise<Dockerode.ContainerInspectInfo | null> {
  try {
    return await container.inspect({ abortSignal: AbortSignal.timeout(CLEANUP_TIMEOUT_MS) })
  } catch (err) {
    if (isNotFound(err)) return null
    throw err
  }
}

async function killQuietly(container: Dockerode.Container): Promise<void> {
  await container
    .kill({ signal: 'SIGKILL', abortSignal: AbortSignal.timeout(CLEANUP_TIMEOUT_MS) })
    .catch(() => undefined)
}

/** Polls until the container has exited (or is gone), at most ms. */
async function exitedWithin(
  container: Dockerode.Container,
  ms: number,
): Promise<Dockerode.ContainerInspectInfo | null> {
  const deadline = performance.now() + ms
  for (;;) {
    const info = await inspectOrNull(container)
    if (info === null || !info.State.Running || performance.now() >= deadline) return info
    await new Promise((r) => setTimeout(r, 50))
  }
}

export async function runInSandbox(engine: Engine, req: SandboxRequest): Promise<SandboxResult> {
  const began = performance.now()
  const image = await sandboxImage(engine)
  req.signal.throwIfAborted()
  const spec = sandboxSpec({
    image,
    language: req.language,
    script: req.script,
    runId: req.runId,
    ...(req.proposalId ? { proposalId: req.proposalId } : {}),
  })
  // Not abortable: an aborted create could still make a container we would never learn of. It is quick.
  const container = await engine.docker.createContainer(spec)
  const stdout = new BoundedOutput()
  const stderr = new BoundedOutput()
  try {
    const stream = await container.attach({ stream: true, stdout: true, stderr: true, abortSignal: req.signal })
    keepStreamOpen(stream)
    const demux = new FrameDemuxer((kind, payload) => (kind === 'stderr' ? stderr : stdout).push(payload))
    stream.on('data', (chunk: Buffer) => demux.push(chunk))
    req.signal.throwIfAborted()
    await container.start({ abortSignal: req.signal })
    const started = performance.now()
    req.log?.('sandbox started', {
      container: container.id.slice(0, 12),
      language: req.language,
      timeout_ms: req.timeoutMs,
    })
    let end = await streamUntil(stream, req.timeoutMs, req.signal)
    let info: Dockerode.ContainerInspectInfo | null = null
    if (end === 'ended') {
      // Output closed; the process may outlive it (a script can close its stdout). Hold it to the same deadline.
      info = await exitedWithin(container, Math.max(0, req.timeoutMs - (performance.now() - started)))
      if (info?.State.Running) end = 'timed_out'
    }
    const runMs = Math.round(performance.now() - started)
    if (end !== 'ended') {
      await killQuietly(container)
      closeStream(stream)
      req.signal.throwIfAborted()
      info = await exitedWithin(container, CLEANUP_TIMEOUT_MS)
    }
    return result(info, end === 'timed_out', stdout.result(), stderr.result(), container.id, image, runMs, began)
  } finally {
    await container
      .remove({ force: true, v: true, abortSignal: AbortSignal.timeout(CLEANUP_TIMEOUT_MS) })
      .catch((err: unknown) => {
        if (!isNotFound(err))
          req.log?.('sandbox container not removed', { container: container.id.slice(0, 12), error: errorMessage(err) })
      })
  }
}

function result(
  info: Dockerode.ContainerInspectInfo | null,
  timedOut: boolean,
  out: CapturedOutput,
  err: CapturedOutput,
  containerId: string,
  image: string,
  runMs: number,
  began: number,
): SandboxResult {
  const exit = info ? { ExitCode: info.State.ExitCode, OOMKilled: info.State.OOMKilled } : null
  let explanation = exit ? explainExit(exit) : 'the container was removed from outside while it ran (kill switch?)'
  if (timedOut) explanation = `ran past its time limit and was killed (${explanation})`
  return {
    exit_code: exit?.ExitCode ?? null,
    explanation,
    timed_out: timedOut,
    oom: exit?.OOMKilled ?? false,
    stdout: out.text,
    stderr: err.text,
    stdout_bytes: out.bytes,
    stderr_bytes: err.bytes,
    stdout_truncated: out.truncated,
    stderr_truncated: err.truncated,
    truncated: out.truncated || err.truncated,
    container_id: containerId,
    image,
    run_ms: runMs,
    duration_ms: Math.round(performance.now() - began),
  }
}
