import { describe, expect, it } from 'vitest'
import { scanSecrets } from './secret-scan.js'

describe('secret scan', () => {
  it('refuses a token written into a script, naming its line and never repeating it', () => {
    const findings = scanSecrets('echo hi\ncurl -H "Authorization: Bearer abcdefghijklmnop123" http://127.0.0.1/\n')
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ line: 2, rule: 'secret' })
    expect(JSON.stringify(findings)).not.toContain('abcdefghijklmnop123')
  })

  it.each([
    ['export API_TOKEN=s3cr3tvalue', 1],
    ['const password = "hunter2hunter2"', 1],
    ['aws_key=AKIAABCDEFGHIJKLMNOP', 1],
    ['x=1\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', 2],
    ['const client = { apiKey: "0123456789abcdef" }', 1],
  ])('flags %j on line %i', (script, line) => {
    expect(scanSecrets(script)[0]).toMatchObject({ line, rule: 'secret' })
  })

  it('lets a script without secrets pass', () => {
    expect(scanSecrets('for f in /tmp/*; do echo "$f"; done\nconst tokens_seen = 3\n')).toEqual([])
  })
})
