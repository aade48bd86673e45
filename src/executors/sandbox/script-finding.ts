/**
 * What script validation reports: each finding names the line and the rule,
 * so a person (or the agent) sees exactly what to change.
 */

export type ScriptLanguage = 'bash' | 'node'

export const SCRIPT_LANGUAGES = ['bash', 'node'] as const

export interface ScriptFinding {
  /** 1-based line number in the script. */
  line: number
  /** Rule id, e.g. `size`, `syntax`, `secret`, `dangerous.rm_rf_root`. */
  rule: string
  message: string
}

/** `line 3: dangerous.rm_rf_root: …`, the form validation errors use. */
export function describeFinding(f: ScriptFinding): string {
  return `line ${f.line}: ${f.rule}: ${f.message}`
}

/** 64 KiB: a script longer than this is not a diagnostic step. */
export const MAX_SCRIPT_BYTES = 64 * 1024

/** The size rule; the finding names the line where the limit is crossed. */
export function checkSize(script: string, max = MAX_SCRIPT_BYTES): ScriptFinding[] {
  const bytes = Buffer.byteLength(script, 'utf8')
  if (bytes <= max) return []
  const line = Buffer.from(script, 'utf8').subarray(0, max).toString('utf8').split('\n').length
  return [{ line, rule: 'size', message: `script is ${bytes} bytes, over the ${max}-byte limit` }]
}

/** NUL bytes cannot be passed to a program; nothing legitimate needs them in a script. */
export function checkNul(script: string): ScriptFinding[] {
  const at = script.indexOf('\0')
  if (at === -1) return []
  return [{ line: script.slice(0, at).split('\n').length, rule: 'nul_byte', message: 'script contains a NUL byte' }]
}
