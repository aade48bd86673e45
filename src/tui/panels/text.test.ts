import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { clean, esc, textWidth, truncate, wrap } from './text.js'

/** Strings with the characters that garble terminals: controls, escapes, tags, wide and combining characters. */
const nasty = fc.string({
  unit: fc.constantFrom(
    'a',
    'b',
    ' ',
    ' ',
    '{',
    '}',
    '/',
    '\x1b',
    '[',
    '2',
    'J',
    ']',
    '\x07',
    '\t',
    '\n',
    '\r',
    '\x00',
    '\x7f',
    '\x9b',
    '漢',
    'é',
    '\u0301',
    '\u202e',
    '─',
  ),
  maxLength: 80,
})

describe('screen text', () => {
  it('leaves no control character or escape sequence in cleaned text', () => {
    fc.assert(
      fc.property(nasty, (s) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
        expect(clean(s)).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/)
      }),
    )
  })

  it('removes whole escape sequences, not just their ESC', () => {
    expect(clean('a\x1b[38;5;196mred\x1b[0m b')).toBe('ared b')
    expect(clean('title\x1b]0;pwned\x07 after')).toBe('title after')
    expect(clean('tab\there\nnext')).toBe('tab here next')
  })

  it('wraps text into rows no wider than the panel, losing no visible character', () => {
    fc.assert(
      fc.property(nasty, fc.integer({ min: 2, max: 40 }), fc.integer({ min: 0, max: 6 }), (s, width, indent) => {
        const text = clean(s)
        const rows = wrap(text, width, indent)
        for (const row of rows) expect(textWidth(row)).toBeLessThanOrEqual(width)
        expect(rows.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''))
      }),
    )
  })

  it('cuts text to a width with an ellipsis', () => {
    expect(truncate('transfer_leader', 8)).toBe('transfe…')
    expect(truncate('m1', 8)).toBe('m1')
    expect(textWidth(truncate('漢字漢字漢字', 5))).toBeLessThanOrEqual(5)
  })

  it('escapes blessed tags so they show as typed', () => {
    expect(esc('{bold}x{/bold}')).toBe('{open}bold{close}x{open}/bold{close}')
  })
})
