/**
 * Everything a script must pass before it runs, in order: size, NUL bytes,
 * secrets, dangerous commands, syntax. A script holding a secret is never
 * written to disk for the syntax check; an oversized one is not scanned.
 * Used by run_script's params schema, so the agent's validation reports
 * the findings as `script: line N: rule: message`.
 */
import { scanDangerous } from './dangerous-commands.js'
import { checkNul, checkSize, type ScriptFinding, type ScriptLanguage } from './script-finding.js'
import { scanSecrets } from './secret-scan.js'
import { checkSyntax } from './syntax-check.js'

export function validateScript(language: ScriptLanguage, script: string): ScriptFinding[] {
  const size = checkSize(script)
  if (size.length > 0) return size
  const nul = checkNul(script)
  if (nul.length > 0) return nul
  const secrets = scanSecrets(script)
  const dangerous = scanDangerous(script)
  const syntax = secrets.length > 0 ? [] : checkSyntax(language, script)
  return [...syntax, ...secrets, ...dangerous].sort((a, b) => a.line - b.line)
}
