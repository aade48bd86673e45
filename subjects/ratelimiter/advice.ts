/**
 * The ratelimiter playbook's advice for a person, once the agent has given
 * up: read from the cause the last failed action found (a member that exits
 * as it starts, a port held by another process, no replica to promote, the
 * memory ceiling reached), or from the violation when no plan ran. Pure.
 */
import type { FailedAttempt, Violation } from '../../src/core/subject.js'

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

function excerpt(f: FailedAttempt): string[] {
  const lines = f.details.log_excerpt
  return Array.isArray(lines) ? lines.filter((l): l is string => typeof l === 'string') : []
}

/** The port another process holds, when the member's log says its address is in use. */
function portInUse(lines: readonly string[]): string | null {
  const line = lines.find((l) => /address already in use/i.test(l))
  return line === undefined ? null : (/:(\d+)/.exec(line)?.[1] ?? /port (\d+)/i.exec(line)?.[1] ?? null)
}

function forAttempt(f: FailedAttempt): string | null {
  const member = str(f.params.member) ?? str(f.details.member) ?? 'the member'
  const again = `then run ${f.action} ${member} again`
  const lines = excerpt(f)
  const port = portInUse(lines)
  if (port !== null)
    return `another process holds ${member}'s port ${port}: find it with \`ss -ltnp 'sport = :${port}'\`, stop it, ${again}`
  const last = lines.at(-1)
  const said = last !== undefined ? ` (its log: ${last})` : ''
  switch (f.details.cause) {
    case 'exited':
    case 'start_failed':
      return `${member} exits as it starts${said}: fix what its log names, ${again}`
    case 'not_serving':
    case 'link_down':
      return `${member} runs but does not serve${said}: check \`redis-cli -p <port> info replication\` on it and on the primary`
    case 'not_on_primary':
      return `${member} stays connected to ${str(f.details.redis) ?? 'another node'}, not the primary: check its Sentinel settings and the Sentinels' view (\`redis-cli -p <sentinel port> sentinel masters\`)`
    case 'no_good_replica':
      return 'no replica can be promoted: bring a replica back (restart_redis_node) or restart the old primary, then fail over again'
    case 'no_primary':
    case 'no_sentinel':
      return 'the Sentinels agree on no primary: bring the Sentinels back (`operator cluster status` names them) and check `sentinel masters` on each'
    case 'above_ceiling':
    case 'below_used':
      return `maxmemory cannot go where it must within the ceiling: find what fills Redis (\`redis-cli -p <port> --bigkeys\`) or raise maxmemory_ceiling_bytes in the run's run.json`
    default:
      return null
  }
}

/** Advice when no plan ran at all: what the playbook could not do by itself. */
function forViolation(v: Violation): string | null {
  switch (v.invariant) {
    case 'no_evictions':
      return `${v.target ?? 'Redis'} evicts and its maxmemory is at the ceiling: find what fills it (\`redis-cli --bigkeys\`) or raise maxmemory_ceiling_bytes in run.json`
    case 'limiter_latency':
      return 'the limiter is slow with every node up: look at the machine (CPU, swap) and at `redis-cli --latency` on the primary'
    case 'limit_holds':
      return 'the limit is broken with no cause in sight: compare the apps’ /stats (insurance answers) with the workload truth, and the Sentinels’ failover history'
    default:
      return null
  }
}

export function ratelimiterAdvice(violation: Violation, failures: readonly FailedAttempt[]): string | null {
  for (const f of [...failures].reverse()) {
    const advice = forAttempt(f)
    if (advice !== null) return advice
  }
  return forViolation(violation)
}
