import { describe, expect, it } from 'vitest'
import { SUBJECTS, subjectModule } from './subjects.js'

describe('subjectModule', () => {
  it('finds the etcd subject by name', () => {
    expect(subjectModule('etcd')).toBe(SUBJECTS.etcd)
    expect(subjectModule('etcd').name).toBe('etcd')
  })

  it('refuses an unknown subject with a usage error listing the known ones', () => {
    expect(() => subjectModule('zookeeper')).toThrowError(/unknown subject "zookeeper" \(known: etcd, ratelimiter\)/)
    try {
      subjectModule('zookeeper')
    } catch (err) {
      expect(err).toMatchObject({ category: 'usage', fix: 'use --subject etcd or --subject ratelimiter' })
    }
  })
})
