import { describe, expect, it } from 'vitest'
import { CODE_EXIT, defaultCode, ERROR_CATEGORIES, ERROR_CODES, exitCodeFor, OperatorError } from './errors.js'

describe('error codes and exit codes', () => {
  it('gives every code its own exit code', () => {
    const exits = ERROR_CODES.map((c) => CODE_EXIT[c])
    expect(new Set(exits).size).toBe(ERROR_CODES.length)
    expect(Object.keys(CODE_EXIT).sort()).toEqual([...ERROR_CODES].sort())
  })

  it('keeps the nine exit codes scripts had before the finer codes', () => {
    expect({
      usage: CODE_EXIT.usage,
      config_invalid: CODE_EXIT.config_invalid,
      database_corrupt: CODE_EXIT.database_corrupt,
      cluster_unreachable: CODE_EXIT.cluster_unreachable,
      not_found: CODE_EXIT.not_found,
      conflict: CODE_EXIT.conflict,
      safety_refused: CODE_EXIT.safety_refused,
      subject_failed: CODE_EXIT.subject_failed,
      audit_broken: CODE_EXIT.audit_broken,
      internal: CODE_EXIT.internal,
    }).toEqual({
      usage: 2,
      config_invalid: 3,
      database_corrupt: 4,
      cluster_unreachable: 5,
      not_found: 6,
      conflict: 7,
      safety_refused: 8,
      subject_failed: 9,
      audit_broken: 10,
      internal: 70,
    })
  })

  it('exits with the category’s old code when a site names no finer code', () => {
    for (const category of ERROR_CATEGORIES) {
      const e = new OperatorError(category, 'problem', 'fix')
      expect(e.code).toBe(defaultCode(category))
      expect(e.exitCode).toBe(exitCodeFor(category))
    }
  })

  it('exits with the finer code a site names', () => {
    const e = new OperatorError('config', 'policy bad.yaml: …', 'fix it', { code: 'policy_invalid' })
    expect([e.category, e.code, e.exitCode]).toEqual(['config', 'policy_invalid', 11])
  })
})
