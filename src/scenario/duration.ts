/**
 * Durations in scenario files: `500ms`, `10s`, `1.5m`. Parsed to
 * milliseconds; rendered back the same way in reports.
 */
import { z } from 'zod'

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)$/
const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const

/** Milliseconds of a duration string, or null when it is not one. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text.trim())
  if (!m?.[1] || !m[2]) return null
  return Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS])
}

/** A duration such as `500ms`, `10s` or `2m`, parsed to milliseconds. */
export const Duration = z
  .string()
  .regex(DURATION, 'must be a duration such as 500ms, 10s or 2m')
  .transform((text) => parseDuration(text) ?? 0)
  .meta({ description: 'a duration: a number followed by ms, s or m (500ms, 10s, 2m)' })

/** `1234` ms as `1.2s`, `340` as `340ms`: for text reports. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—'
  if (Math.abs(ms) < 1000) return `${Math.round(ms)}ms`
  return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')}s`
}
