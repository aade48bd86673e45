import { describe, expect, it } from 'vitest'
import { forbiddenMatch } from './forbidden-services.js'
import { checkServiceName, MAX_SERVICE_NAME_LENGTH } from './service-name.js'

describe('service names', () => {
  it('accepts plain names and template instances, and drops an optional .service suffix', () => {
    expect(checkServiceName('nginx')).toEqual({ ok: true, name: 'nginx', unit: 'nginx.service' })
    expect(checkServiceName('nginx.service')).toEqual({ ok: true, name: 'nginx', unit: 'nginx.service' })
    expect(checkServiceName('app@blue.2')).toEqual({ ok: true, name: 'app@blue.2', unit: 'app@blue.2.service' })
    expect(checkServiceName('my_app-1')).toMatchObject({ ok: true, name: 'my_app-1' })
  })

  it.each([
    ['../x', 'name_traversal'],
    ['a/b', 'name_traversal'],
    ['/etc/passwd', 'name_traversal'],
    ['..', 'name_traversal'],
    ['x..y', 'name_traversal'],
    ['a\\b', 'name_traversal'],
    ['', 'name_empty'],
    ['.service', 'name_empty'],
    ['nginx; rm -rf /', 'name_traversal'],
    ['nginx; reboot', 'name_characters'],
    ['$(reboot)', 'name_characters'],
    ['nginx\nssh', 'name_characters'],
    ['ngïnx', 'name_characters'],
    ['a b', 'name_characters'],
    ['*', 'name_characters'],
    ['-H', 'name_option_like'],
    ['--host=evil', 'name_characters'],
    ['--now', 'name_option_like'],
    ['.hidden', 'name_option_like'],
    ['getty@', 'name_template'],
    ['@tty1', 'name_template'],
    ['a@b@c', 'name_template'],
    ['docker.socket', 'not_a_service'],
    ['multi-user.target', 'not_a_service'],
    ['apt-daily.timer', 'not_a_service'],
  ])('refuses %j by the %s rule', (name, rule) => {
    expect(checkServiceName(name)).toMatchObject({ ok: false, rule })
  })

  it('refuses names longer than the limit and accepts one at it', () => {
    expect(checkServiceName('a'.repeat(MAX_SERVICE_NAME_LENGTH))).toMatchObject({ ok: true })
    expect(checkServiceName('a'.repeat(MAX_SERVICE_NAME_LENGTH + 1))).toMatchObject({
      ok: false,
      rule: 'name_too_long',
    })
  })
})

describe('the forbidden list', () => {
  it.each([
    'ssh',
    'sshd',
    'SSHD',
    'systemd-journald',
    'systemd-networkd',
    'systemd-logind',
    'dbus',
    'NetworkManager',
    'getty@tty1',
    'user@1000',
    'cron',
    'docker',
    'containerd',
    'polkit',
    'udev',
  ])('forbids %s', (name) => {
    expect(forbiddenMatch(name)).not.toBeNull()
  })

  it.each(['nginx', 'redis-server', 'postgresql@15-main', 'myssh-proxy', 'crontab-ui', 'dockerish'])(
    'does not forbid %s',
    (name) => {
      expect(forbiddenMatch(name)).toBeNull()
    },
  )
})
