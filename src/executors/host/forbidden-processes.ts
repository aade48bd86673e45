/**
 * Processes host_kill_process never signals, whoever asks: the ones a host
 * cannot lose. The Docker engine and containerd (with the shims that keep
 * every container alive), sshd, journald, init and systemd, and the process
 * of every service the host executor may not stop (forbidden-services.ts).
 * A process is matched by its name (comm) and by the basename of its
 * executable, with the same exact and `prefix*` rules as the services.
 */
import { FORBIDDEN_SERVICES, forbiddenMatch } from './forbidden-services.js'
import type { ProcessInfo } from './process-control.js'

export const FORBIDDEN_PROCESSES: readonly string[] = [
  ...new Set([
    'init',
    'systemd',
    'systemd-journald',
    'sshd',
    'dockerd',
    'docker-proxy',
    'containerd',
    'containerd-shim*',
    ...FORBIDDEN_SERVICES,
  ]),
]

export interface ForbiddenProcess {
  /** The name that matched: the comm, or the executable's basename. */
  name: string
  /** The forbidden entry it matched. */
  entry: string
  by: 'comm' | 'exe'
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

/** The forbidden entry a process matches by comm, then by its executable's basename; null when none. */
export function forbiddenProcessMatch(
  info: Pick<ProcessInfo, 'comm' | 'exe'>,
  forbidden: readonly string[] = FORBIDDEN_PROCESSES,
): ForbiddenProcess | null {
  const names: [string, ForbiddenProcess['by']][] = [[info.comm, 'comm']]
  if (info.exe !== null) names.push([basename(info.exe), 'exe'])
  for (const [name, by] of names) {
    const entry = name === '' ? null : forbiddenMatch(name, forbidden)
    if (entry !== null) return { name, entry, by }
  }
  return null
}
