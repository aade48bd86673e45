/**
 * Stopping a container as `docker stop` does — the stop signal, a grace
 * period, then SIGKILL — but as short engine calls polled to completion:
 * one long-held stop request would outlive the client's idle timeout.
 */
import type Dockerode from 'dockerode'
import type { Clock } from '../../core/clock.js'
import { type ExitState, explainExit } from './exit-codes.js'

const POLL_MS = 100
/** How long a SIGKILLed container may take to be reported exited. */
const KILL_WAIT_MS = 10_000

export interface StopOutcome {
  /** False when it was already stopped. */
  stopped: boolean
  /** Whether the grace period expired and SIGKILL was sent. */
  escalated: boolean
  exit: ExitState & { explanation: string }
}

function exitOf(info: Dockerode.ContainerInspectInfo): StopOutcome['exit'] {
  const state = { ExitCode: info.State.ExitCode, OOMKilled: info.State.OOMKilled }
  return { ...state, explanation: explainExit(state) }
}

/** Polls inspect until `done` holds or `ms` pass; returns the last inspection. */
export async function waitForState(
  container: Dockerode.Container,
  done: (info: Dockerode.ContainerInspectInfo) => boolean,
  ms: number,
  clock: Clock,
  signal: AbortSignal,
): Promise<Dockerode.ContainerInspectInfo> {
  const deadline = clock.now() + ms
  for (;;) {
    const info = await container.inspect({ abortSignal: signal })
    if (done(info) || clock.now() >= deadline) return info
    await clock.sleep(POLL_MS, signal)
  }
}

const exited = (info: Dockerode.ContainerInspectInfo) => !info.State.Running

/** Sends a signal; a container that exited meanwhile (409) is not an error. */
async function signalContainer(container: Dockerode.Container, name: string, signal: AbortSignal): Promise<void> {
  try {
    await container.kill({ signal: name, abortSignal: signal })
  } catch (err) {
    if (!(err !== null && typeof err === 'object' && 'statusCode' in err && err.statusCode === 409)) throw err
  }
}

export async function stopContainer(
  container: Dockerode.Container,
  graceSeconds: number,
  clock: Clock,
  signal: AbortSignal,
): Promise<StopOutcome> {
  let info = await container.inspect({ abortSignal: signal })
  if (!info.State.Running) return { stopped: false, escalated: false, exit: exitOf(info) }
  // A frozen process cannot act on SIGTERM: thaw it first, as a person stopping it would expect.
  if (info.State.Paused) await container.unpause({ abortSignal: signal })
  const stopSignal = (info.Config as { StopSignal?: string }).StopSignal ?? 'SIGTERM'
  await signalContainer(container, stopSignal, signal)
  info = await waitForState(container, exited, graceSeconds * 1000, clock, signal)
  if (!info.State.Running) return { stopped: true, escalated: false, exit: exitOf(info) }
  await signalContainer(container, 'SIGKILL', signal)
  info = await waitForState(container, exited, KILL_WAIT_MS, clock, signal)
  if (info.State.Running) throw new Error(`container still running ${KILL_WAIT_MS / 1000} s after SIGKILL`)
  return { stopped: true, escalated: true, exit: exitOf(info) }
}
