/**
 * Secret scan: a script that carries a credential is refused (it would be
 * stored, shown and run with it). Reuses the redaction rules of
 * src/core/redact.ts — a line the redactor would change holds a secret —
 * plus string literals assigned to secret-looking names. Findings never
 * repeat the secret.
 */
import { isSecretKey, redactText } from '../../core/redact.js'
import type { ScriptFinding } from './script-finding.js'

const PRIVATE_KEY_HEADER = /-----BEGIN [A-Z ]*PRIVATE KEY-----/
/** `password = "…"`, `apiKey: '…'`, `export TOKEN="…"`: a literal of 4+ characters. */
const LITERAL_ASSIGNMENT = /\b([A-Za-z_][\w-]*)["']?\s*[:=]\s*(["'`])([^"'`\s$]{4,})\2/g

export function scanSecrets(script: string): ScriptFinding[] {
  const findings: ScriptFinding[] = []
  const lines = script.split('\n')
  lines.forEach((text, i) => {
    const line = i + 1
    if (PRIVATE_KEY_HEADER.test(text)) {
      findings.push({ line, rule: 'secret', message: 'a private key is embedded in the script' })
      return
    }
    if (redactText(text) !== text) {
      findings.push({
        line,
        rule: 'secret',
        message: 'a credential (token, key or password value) is written in the script',
      })
      return
    }
    for (const m of text.matchAll(LITERAL_ASSIGNMENT)) {
      const name = m[1] ?? ''
      if (isSecretKey(name)) {
        findings.push({
          line,
          rule: 'secret',
          message: `a literal value is assigned to "${name}": scripts must not carry secrets`,
        })
        return
      }
    }
  })
  // A secret spanning lines (a PEM block without its header line) still changes the whole text.
  if (findings.length === 0 && redactText(script) !== script)
    findings.push({ line: 1, rule: 'secret', message: 'a credential spanning several lines is in the script' })
  return findings
}
