/**
 * Redaction runs in linear time: it sees untrusted megabytes (container logs,
 * command output), where one quadratic pattern turns 256 KiB into a minute.
 * Each family's worst near-miss unit (almost a match, so every start position
 * is tried and fails late) is repeated to 64 KiB and to 1 MiB and redacted
 * with every pattern. Only ratios are asserted, never durations: 16 times the
 * text may take at most 64 times as long (time growing at most as size^1.5).
 * A quadratic pattern takes ~256 times as long; the linear ones measure 15–25
 * times, and up to ~60 on a loaded machine, hence the margin.
 */
import { describe, expect, it } from 'vitest'
import { redactText } from './redact.js'

const KiB = 1024
/** Allowed growth of time with size: t(k·n) < k^1.5 · t(n). Linear is 1, quadratic 2. */
const MAX_EXPONENT = 1.5

const FAMILIES: Record<string, string> = {
  'PEM private key: a header one dash short': '-----BEGIN A PRIVATE KEY----\n',
  'URL credentials: a scheme run a.a.a… never followed by ://': 'a.',
  'URL credentials: user and colon, no @': 'a://b:',
  'JWT: eyJ after every dash of one run, no dot': 'eyJ-',
  'secret names: a run of key-name characters, no = or :': 'token_',
  'auth header and bearer: no colon, a token too short': 'Bearer Cookie ',
  'vendor tokens: every prefix, too short': 'ghp_a sk-a xoxb-a AKIA npm_a AIza ',
  'command lines: flags without values, -u without colon, a tool without password': '--password -u a mysql -p ',
  'quoted argument lists: a flag and its next element, no value': '"--token","-u","a:',
}

function text(unit: string, bytes: number): string {
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes)
}

function time(input: string): number {
  const start = performance.now()
  redactText(input)
  return performance.now() - start
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN

/**
 * t(large) / t(small), each the median of 3 runs, interleaved so that a burst of load from other
 * tests slows both sizes alike. Load only ever inflates a ratio: the best of up to 3 tries.
 */
function growth(small: string, large: string, bound: number): number {
  let best = Number.POSITIVE_INFINITY
  for (let attempt = 0; attempt < 3 && best >= bound; attempt++) {
    const smallMs: number[] = []
    const largeMs: number[] = []
    for (let i = 0; i < 3; i++) {
      smallMs.push(time(small))
      largeMs.push(time(large))
    }
    best = Math.min(best, median(largeMs) / median(smallMs))
  }
  return best
}

describe('redaction time on adversarial input', () => {
  it.each(Object.entries(FAMILIES))('grows linearly with the size: %s', (_family, unit) => {
    redactText(text(unit, 4 * KiB)) // compiles the patterns
    // First 4 → 16 KiB (fastest of 5, small times are noisy): a quadratic pattern fails here in
    // seconds instead of running for hours at 1 MiB.
    const fastest = (input: string) => Math.min(...Array.from({ length: 5 }, () => time(input)))
    const early = fastest(text(unit, 16 * KiB)) / fastest(text(unit, 4 * KiB))
    expect(early, `4 KiB → 16 KiB took ${early.toFixed(1)}× as long`).toBeLessThan(4 ** MAX_EXPONENT)

    const ratio = growth(text(unit, 64 * KiB), text(unit, 1024 * KiB), 16 ** MAX_EXPONENT)
    expect(ratio, `64 KiB → 1 MiB took ${ratio.toFixed(1)}× as long`).toBeLessThan(16 ** MAX_EXPONENT)
  })
})
