/**
 * Syntax check without running anything: `bash -n` or `node --check` on a
 * temp file (argument arrays, never a shell), with a time limit. Node is
 * checked as CommonJS, as the sandbox runs it. Synchronous, because zod
 * refinements in action schemas are; both checks take milliseconds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execaSync } from 'execa'
import type { ScriptFinding, ScriptLanguage } from './script-finding.js'

const CHECK_TIMEOUT_MS = 10_000

function checker(language: ScriptLanguage, file: string): [string, string[]] {
  return language === 'bash' ? ['bash', ['-n', file]] : [process.execPath, ['--check', file]]
}

/** The line and message of a checker's complaint. */
export function parseSyntaxError(language: ScriptLanguage, file: string, stderr: string): ScriptFinding {
  if (language === 'bash') {
    // "<file>: line 3: syntax error near unexpected token `fi'"
    const lines = stderr.split('\n').filter((l) => l.trim() !== '')
    const first = lines.find((l) => /: line \d+: /.test(l)) ?? lines[0] ?? 'syntax error'
    const m = /: line (\d+): (.*)$/.exec(first)
    return { line: m ? Number(m[1]) : 1, rule: 'syntax', message: (m?.[2] ?? first.replaceAll(file, 'script')).trim() }
  }
  // "<file>:3\n<code>\n   ^\n\nSyntaxError: Unexpected token '}'"
  const m = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)`).exec(stderr)
  const message = stderr.split('\n').find((l) => /^\w*Error\b/.test(l)) ?? 'syntax error'
  return { line: m ? Number(m[1]) : 1, rule: 'syntax', message: message.trim() }
}

export function checkSyntax(language: ScriptLanguage, script: string): ScriptFinding[] {
  const dir = mkdtempSync(join(tmpdir(), 'operator-script-'))
  const file = join(dir, language === 'bash' ? 'script.sh' : 'script.cjs')
  try {
    writeFileSync(file, script, { mode: 0o600 })
    const [program, args] = checker(language, file)
    const r = execaSync(program, args, {
      reject: false,
      timeout: CHECK_TIMEOUT_MS,
      stdin: 'ignore',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      extendEnv: false,
    })
    if (r.timedOut)
      return [
        { line: 1, rule: 'syntax', message: `the syntax check did not finish within ${CHECK_TIMEOUT_MS / 1000} s` },
      ]
    if (r.exitCode === 0) return []
    if (r.failed && r.exitCode === undefined)
      return [{ line: 1, rule: 'syntax', message: `the syntax checker could not run: ${r.shortMessage}` }]
    return [parseSyntaxError(language, file, String(r.stderr))]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
