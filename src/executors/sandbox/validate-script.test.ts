import { describe, expect, it } from 'vitest'
import { describeFinding, MAX_SCRIPT_BYTES } from './script-finding.js'
import { checkSyntax } from './syntax-check.js'
import { validateScript } from './validate-script.js'

describe('script validation', () => {
  it('accepts a harmless bash and node script', () => {
    expect(validateScript('bash', 'echo hello\nls /tmp\n')).toEqual([])
    expect(validateScript('node', 'const os = require("node:os")\nconsole.log(os.cpus().length)\n')).toEqual([])
  })

  it('reports a bash syntax error with its line', () => {
    const [f] = checkSyntax('bash', 'echo a\nif true; then\n  echo b\nfi fi\n')
    expect(f).toMatchObject({ rule: 'syntax', line: 4 })
    expect(f?.message).toMatch(/syntax error/)
  })

  it('reports a node syntax error with its line', () => {
    const [f] = checkSyntax('node', 'const a = 1\nconst b = {\nconsole.log(a)\n}}\n')
    expect(f).toMatchObject({ rule: 'syntax' })
    expect(f?.line).toBeGreaterThanOrEqual(3)
    expect(f?.message).toMatch(/SyntaxError/)
  })

  it('refuses an oversized script by size alone, naming where the limit is crossed', () => {
    const script = `${'echo ok\n'.repeat(MAX_SCRIPT_BYTES / 8)}echo over\n`
    const findings = validateScript('bash', script)
    expect(findings).toEqual([
      { line: MAX_SCRIPT_BYTES / 8 + 1, rule: 'size', message: expect.stringContaining('limit') },
    ])
  })

  it('never writes a script holding a secret to disk for the syntax check', () => {
    const findings = validateScript('bash', 'TOKEN=abcdefgh123\nif then\n')
    expect(findings.map((f) => f.rule)).toEqual(['secret'])
  })

  it('reports every finding in line order in the form validation shows', () => {
    const findings = validateScript('bash', 'echo a\nrm -rf /\necho b\nreboot\n')
    expect(findings.map(describeFinding)).toEqual([
      'line 2: dangerous.rm_rf_root: recursive removal of / or a system directory',
      'line 4: dangerous.shutdown: shutting down or rebooting the machine',
    ])
  })

  it('refuses a NUL byte', () => {
    expect(validateScript('bash', 'echo a\necho \0b\n')).toEqual([
      { line: 2, rule: 'nul_byte', message: expect.any(String) },
    ])
  })
})
