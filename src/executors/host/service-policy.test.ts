import { describe, expect, it } from 'vitest'
import { OperatorError } from '../../core/errors.js'
import { createServicePolicy, parseAllowlist } from './service-policy.js'

describe('service policy', () => {
  it('allows nothing when the allowlist is empty (the default)', () => {
    const policy = createServicePolicy(parseAllowlist(undefined))
    expect(policy.check('nginx')).toMatchObject({ ok: false, rule: 'not_allowlisted' })
  })

  it('allows an allowlisted service, with or without the .service suffix on either side', () => {
    const policy = createServicePolicy(parseAllowlist(' nginx.service , redis-server,,'))
    expect(policy.check('nginx')).toEqual({ ok: true, name: 'nginx', unit: 'nginx.service' })
    expect(policy.check('redis-server.service')).toMatchObject({ ok: true, name: 'redis-server' })
    expect(policy.check('postgresql')).toMatchObject({ ok: false, rule: 'not_allowlisted' })
  })

  it('matches allowlist entries exactly: no prefixes, no case folding', () => {
    const policy = createServicePolicy(['web'])
    expect(policy.check('web2')).toMatchObject({ ok: false, rule: 'not_allowlisted' })
    expect(policy.check('Web')).toMatchObject({ ok: false, rule: 'not_allowlisted' })
  })

  it('refuses forbidden services even when they are allowlisted', () => {
    const policy = createServicePolicy(['ssh', 'sshd', 'systemd-journald', 'dbus', 'getty@tty1', 'docker', 'nginx'])
    for (const name of ['ssh', 'sshd.service', 'systemd-journald', 'dbus', 'getty@tty1', 'docker']) {
      expect(policy.check(name), name).toMatchObject({ ok: false, rule: 'forbidden' })
    }
    expect(policy.check('nginx')).toMatchObject({ ok: true })
  })

  it('refuses traversal names before looking at any list', () => {
    const policy = createServicePolicy(['nginx'])
    expect(policy.check('../nginx')).toMatchObject({ ok: false, rule: 'name_traversal' })
    expect(policy.check('nginx/../ssh')).toMatchObject({ ok: false, rule: 'name_traversal' })
  })

  it('rejects an invalid allowlist entry as a config error instead of dropping it', () => {
    expect(() => createServicePolicy(['nginx', '../etc'])).toThrow(OperatorError)
    expect(() => createServicePolicy(['*'])).toThrow(/allowlist entry "\*" is invalid/)
  })
})
