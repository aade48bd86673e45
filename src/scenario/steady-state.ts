/**
 * The steady-state hypothesis over time. Pure: when the steady state came
 * back (held without a break for `hold`), how long it was broken, and the
 * wait before the method, which refuses to go on with an unhealthy system.
 */
import type { Clock } from '../core/clock.js'
import type { SteadySample } from './recorded-run.js'

/** One ok or broken stretch between transitions. */
interface Stretch {
  ok: boolean
  from: number
  to: number
}

/** The stretches between `from` and `now`, merging neighbours of the same kind. */
function stretches(samples: readonly SteadySample[], from: number, now: number): Stretch[] {
  const out: Stretch[] = []
  samples.forEach((s, i) => {
    const start = Math.max(s.at, from)
    const end = Math.min(samples[i + 1]?.at ?? now, now)
    if (end <= start && !(i === samples.length - 1 && end === start)) return
    const last = out.at(-1)
    if (last && last.ok === s.ok) last.to = end
    else out.push({ ok: s.ok, from: start, to: end })
  })
  return out
}

export type SteadyBack = { status: 'back'; at: number } | { status: 'holding'; since: number } | { status: 'broken' }

/**
 * The first moment at or after `from` from which the steady state held for
 * holdMs without a break, as far as the samples up to `now` show. `holding`
 * when it holds now but not yet for long enough.
 */
export function steadyBack(samples: readonly SteadySample[], from: number, holdMs: number, now: number): SteadyBack {
  const all = stretches(samples, from, now)
  for (const s of all) if (s.ok && s.to - s.from >= holdMs) return { status: 'back', at: s.from }
  const last = all.at(-1)
  return last?.ok ? { status: 'holding', since: last.from } : { status: 'broken' }
}

/** How long the steady state was broken between from and to. */
export function brokenMs(samples: readonly SteadySample[], from: number, to: number): number {
  return stretches(samples, from, to)
    .filter((s) => !s.ok)
    .reduce((sum, s) => sum + (s.to - s.from), 0)
}

/** What the probe found: the keys of the violations of the scenario's invariants, and their messages. */
export interface Probe {
  violations: { key: string; message: string }[]
}

export type InitialSteady =
  | { ok: true; waited_ms: number }
  | { ok: false; waited_ms: number; violations: { key: string; message: string }[]; reason: string }

export interface AwaitSteadyOptions {
  holdMs: number
  timeoutMs: number
  intervalMs: number
}

/**
 * Waits until the steady state has held for holdMs; refuses (ok: false, with
 * the last violations) when it has not within timeoutMs. A probe that throws
 * counts as broken. The signal aborts the wait (the caller reports it).
 */
export async function awaitSteadyState(
  probe: (signal: AbortSignal) => Promise<Probe>,
  o: AwaitSteadyOptions,
  clock: Clock,
  signal: AbortSignal,
): Promise<InitialSteady> {
  const start = clock.now()
  let okSince: number | null = null
  let last: Probe['violations'] = []
  for (;;) {
    signal.throwIfAborted()
    const at = clock.now()
    let found: Probe
    try {
      found = await probe(signal)
    } catch (err) {
      signal.throwIfAborted()
      found = { violations: [{ key: 'observe_failed', message: err instanceof Error ? err.message : String(err) }] }
    }
    if (found.violations.length === 0) {
      okSince ??= at
      if (clock.now() - okSince >= o.holdMs) return { ok: true, waited_ms: clock.now() - start }
    } else {
      okSince = null
      last = found.violations
    }
    if (clock.now() - start >= o.timeoutMs) {
      const brokenBy = last.map((v) => v.message).join('; ')
      const holdWindow = `${o.holdMs} ms in a row within ${o.timeoutMs} ms`
      const reason =
        okSince === null
          ? `the steady state did not hold within ${o.timeoutMs} ms: ${brokenBy}`
          : `the steady state never held for ${holdWindow} (last broken by: ${brokenBy || 'nothing'})`
      return { ok: false, waited_ms: clock.now() - start, violations: last, reason }
    }
    await clock.sleep(o.intervalMs, signal)
  }
}
