import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyUnifiedDiff, unifiedDiff } from './policy-diff.js'

describe('policy diffs', () => {
  it('turns the original text into the changed one, whatever the one change is', () => {
    const line = fc.constantFrom('a', 'b', '', '  - id: x', '# c', '-- d', '+ e')
    const text = fc.tuple(fc.array(line, { maxLength: 12 }), fc.boolean()).map(([ls, eol]) => {
      const t = ls.join('\n')
      return eol && t !== '' ? `${t}\n` : t
    })
    fc.assert(
      fc.property(text, text, fc.nat(), fc.nat(), (a, insert, at, cut) => {
        const i = at % (a.length + 1)
        const b = a.slice(0, i) + insert + a.slice(Math.min(a.length, i + (cut % 5)))
        expect(applyUnifiedDiff(a, unifiedDiff(a, b, 'p.yaml'))).toBe(b)
      }),
      { numRuns: 300 },
    )
  })

  it('is one hunk with three lines of context, in the form diff -u writes', () => {
    const a = ['1', '2', '3', '4', '5', '6', '7', '8'].join('\n').concat('\n')
    const b = a.replace('5\n', '5\nnew\n')
    expect(unifiedDiff(a, b, 'p.yaml')).toBe(
      ['--- a/p.yaml', '+++ b/p.yaml', '@@ -3,6 +3,7 @@', ' 3', ' 4', ' 5', '+new', ' 6', ' 7', ' 8', ''].join('\n'),
    )
    expect(unifiedDiff(a, a, 'p.yaml')).toBe('')
  })

  it('marks a last line without a newline', () => {
    expect(unifiedDiff('a\nb', 'a\nc', 'p.yaml')).toContain('-b\n\\ No newline at end of file\n+c\n')
  })

  it('refuses a text the patch was not made from, naming the line', () => {
    const diff = unifiedDiff('a\nb\nc\n', 'a\nB\nc\n', 'p.yaml')
    expect(() => applyUnifiedDiff('a\nx\nc\n', diff)).toThrow(
      expect.objectContaining({ category: 'conflict', message: expect.stringMatching(/line 2 is not what the patch/) }),
    )
  })
})
