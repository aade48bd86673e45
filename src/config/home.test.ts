import { describe, expect, it } from 'vitest'
import { OperatorError } from '../core/errors.js'
import { anchorPath, operatorPaths } from './home.js'

describe('operator paths', () => {
  it('puts the database in OPERATOR_HOME unless OPERATOR_DB names a file', () => {
    expect(operatorPaths({ OPERATOR_HOME: '/h' }, '/w')).toEqual({ home: '/h', db: '/h/operator.db' })
    expect(operatorPaths({ OPERATOR_DB: 'x.db' }, '/w')).toEqual({ home: '/w/.operator', db: '/w/x.db' })
    expect(anchorPath('/h/operator.db')).toBe('/h/audit.head')
  })

  it('refuses a URL in OPERATOR_DB in one line, without its password', () => {
    const attempt = () => operatorPaths({ OPERATOR_DB: 'postgres://op:s3cret@db.example:5432/operator' }, '/w')
    expect(attempt).toThrow(OperatorError)
    expect(attempt).toThrow(/OPERATOR_DB=postgres:\/\/op:\*\*\*@db\.example:5432\/operator is a postgres URL/)
    expect(attempt).not.toThrow(/s3cret/)
    expect(() => operatorPaths({ OPERATOR_DB: 'mysql://h/db' }, '/w')).toThrow(/mysql URL/)
  })
})
