/**
 * The etcd playbook's advice for a person, once the agent has given up: a
 * member that cannot start because another process holds its address, or
 * because its data dir is lost or corrupt, needs something no action here
 * does — freeing the port, replacing the member, restoring its data. Read
 * from the cause restart_member found in the member's own log. Pure.
 */
import type { FailedAttempt, Violation } from '../../src/core/subject.js'

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

function portOf(address: string | null): string | null {
  return address?.split(':').at(-1) ?? null
}

function forRestart(f: FailedAttempt): string | null {
  const member = str(f.params.member) ?? 'the member'
  const again = `then run restart_member ${member} again`
  const log = str(f.details.log_file) ?? (str(f.details.container) ? `docker logs ${f.details.container}` : null)
  const readLog = log !== null ? ` (${log})` : ''
  switch (f.details.cause) {
    case 'address_in_use': {
      const address = str(f.details.address)
      const port = portOf(address)
      const find = port !== null ? `: find it with \`ss -ltnp 'sport = :${port}'\`` : ''
      return `another process holds ${member}'s address${address !== null ? ` ${address}` : ''}${find}; stop it or move it, ${again}`
    }
    case 'data_dir':
      // The log line names the file; the data dir itself is in the attempt's details.
      return (
        `${member}'s data dir is lost or corrupt: replace the member ` +
        `(\`etcdctl member remove\` its id, \`etcdctl member add ${member}\`, start it with an empty data dir) ` +
        `or restore its data dir from a snapshot, ${again}`
      )
    case 'not_serving':
      return `${member} runs but does not answer as ${member}: read its log${readLog} and check what listens on its client URL`
    case 'unknown':
      return `${member} exits as it starts: read its log${readLog}, fix what it names, ${again}`
    default:
      return null
  }
}

/** Advice for the last restart_member failure that names a cause; null when there is none. */
export function etcdAdvice(_violation: Violation, failures: readonly FailedAttempt[]): string | null {
  for (const f of [...failures].reverse()) {
    if (f.action !== 'restart_member') continue
    const advice = forRestart(f)
    if (advice !== null) return advice
  }
  return null
}
