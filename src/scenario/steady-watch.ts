/**
 * Checks the steady state continuously while the method runs and reports
 * each change (broken ↔ held, or a different set of violations) with the
 * time its probe answered. A probe that fails counts as broken.
 */
import type { Clock } from '../core/clock.js'
import { errorMessage } from '../core/errors.js'
import type { SteadySample } from './recorded-run.js'
import type { Probe } from './steady-state.js'

export interface SteadyWatch {
  /** Stops probing; resolves once the last probe has settled. */
  stop(): Promise<void>
}

export function watchSteadyState(
  probe: (signal: AbortSignal) => Promise<Probe>,
  o: {
    intervalMs: number
    clock: Clock
    onChange: (sample: SteadySample) => void
    onError?: (message: string) => void
  },
  signal: AbortSignal,
): SteadyWatch {
  const controller = new AbortController()
  const stop = AbortSignal.any([signal, controller.signal])
  let last: string | null = null
  const loop = (async () => {
    while (!stop.aborted) {
      const at = o.clock.now()
      let violations: string[]
      try {
        violations = (await probe(stop)).violations.map((v) => v.key).sort()
      } catch (err) {
        if (stop.aborted) break
        violations = ['observe_failed']
        o.onError?.(errorMessage(err))
      }
      const key = violations.join(',')
      if (key !== last) {
        last = key
        // Stamped when the probe answered: a recovery is never claimed before it was seen.
        o.onChange({ at: o.clock.now(), ok: violations.length === 0, violations })
      }
      await o.clock.sleep(Math.max(0, o.intervalMs - (o.clock.now() - at)), stop).catch(() => undefined)
    }
  })()
  return {
    async stop() {
      controller.abort()
      await loop
    },
  }
}
