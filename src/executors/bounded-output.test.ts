import { describe, expect, it } from 'vitest'
import { BoundedOutput, tailOutput } from './bounded-output.js'

describe('bounded output', () => {
  it('keeps the first bytes, counts the rest and flags truncation', () => {
    const out = new BoundedOutput(10)
    out.push(Buffer.from('12345'))
    out.push(Buffer.from('67890abc'))
    out.push(Buffer.from('def'))
    expect(out.result()).toEqual({ text: '1234567890', bytes: 16, truncated: true })
  })

  it('redacts what it returns', () => {
    const out = new BoundedOutput()
    out.push(Buffer.from('token: Bearer abcdefghijklmnopq\n'))
    expect(out.result().text).not.toContain('abcdefghijklmnopq')
  })

  it('keeps the newest whole lines of a log tail', () => {
    const log = Buffer.from(Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n'))
    const t = tailOutput(log, 50)
    expect(t.truncated).toBe(true)
    expect(t.text.endsWith('line 99')).toBe(true)
    expect(t.text.startsWith('line ')).toBe(true)
  })
})
