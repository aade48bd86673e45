import { describe, expect, it } from 'vitest'
import { OperatorError } from '../core/errors.js'
import { anchorPath, operatorPaths } from './home.js'

describe('operator paths', () => {
  it('puts the database in OPERATOR_HOME unless OPERATOR_DB names a file', () => {
    expect(operatorPaths({ OPERATOR_HOME: '/h' }, '/w')).toEqual({ home: '/h', db: '/h/operator.db' })
    expect(operatorPaths({ OPERATOR_DB: 'x.db' }, '/w')).toEqual({ home: '/w/.operator', db: '/w/x.db' })
    expect(anchorPath('/h/operator.db', '/h')).toBe('/h/audit.head')
  })

  it('takes a postgres:// URL in OPERATOR_DB as it is, the head anchor in OPERATOR_HOME', () => {
    const url = 'postgres://op:s3cret@db.example:5432/operator'
    expect(operatorPaths({ OPERATOR_DB: url, OPERATOR_HOME: '/h' }, '/w')).toEqual({ home: '/h', db: url })
    expect(operatorPaths({ OPERATOR_DB: url.replace('postgres', 'postgresql') }, '/w').db).toMatch(/^postgresql:/)
    expect(anchorPath(url, '/h')).toBe('/h/audit.head')
  })

  it('refuses any other URL in OPERATOR_DB in one line, without its password', () => {
    const attempt = () => operatorPaths({ OPERATOR_DB: 'mysql://op:s3cret@db.example:3306/operator' }, '/w')
    expect(attempt).toThrow(OperatorError)
    expect(attempt).toThrow(/OPERATOR_DB=mysql:\/\/op:\*\*\*@db\.example:3306\/operator is a mysql URL/)
    expect(attempt).not.toThrow(/s3cret/)
    expect(() => operatorPaths({ OPERATOR_DB: 'sqlite://x.db' }, '/w')).toThrow(/sqlite URL/)
  })
})
