/** The text rendering of a doctor report: one ✔/✘ line per item, the fix on each failing line, then a verdict. */
import type { DoctorReport } from './report-schema.js'

const OK = '✔'
const BAD = '✘'

function line(ok: boolean, label: string, text: string): string {
  return `${ok ? OK : BAD} ${label.padEnd(10)}${text}`
}

function tool(label: string, item: DoctorReport['etcd']): string {
  return item.ok ? line(true, label, `${item.version} at ${item.path}`) : line(false, label, problem(item))
}

function problem(item: { error: string; fix: string }): string {
  return `${item.error} — ${item.fix}`
}

export function renderDoctor(r: DoctorReport): string {
  const lines = [
    tool('etcd', r.etcd),
    tool('redis', r.redis_server),
    tool('sentinel', r.redis_sentinel),
    r.docker.ok
      ? line(true, 'docker', `engine ${r.docker.version} at ${r.docker.host}`)
      : line(false, 'docker', problem(r.docker)),
    r.tmux.ok ? line(true, 'tmux', r.tmux.path) : line(false, 'tmux', `(optional) ${problem(r.tmux)}`),
    r.database.ok
      ? line(
          true,
          'database',
          r.database.exists
            ? `${r.database.path} (schema ${r.database.schema_version})`
            : `${r.database.path} (will be created)`,
        )
      : line(false, 'database', problem(r.database)),
    r.node.ok ? line(true, 'node', r.node.version) : line(false, 'node', problem(r.node)),
    r.home.writable
      ? line(true, 'home', `${r.home.path} (writable)`)
      : line(false, 'home', `${r.home.path}: ${problem(r.home)}`),
  ]
  const failing = [
    ['etcd', r.etcd.ok],
    ['redis-server', r.redis_server.ok],
    ['redis-sentinel', r.redis_sentinel.ok],
    ['docker', r.docker.ok],
    ['database', r.database.ok],
    ['node', r.node.ok],
    ['home', r.home.writable],
  ]
    .filter(([, ok]) => !ok)
    .map(([name]) => name)
  lines.push(r.ok ? 'ready' : `not ready: ${failing.join(', ')} (see the ${BAD} lines above)`)
  return lines.join('\n')
}
