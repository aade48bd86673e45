/**
 * Ending an exec that ran past its time. The engine has no API to kill an
 * exec, so its process is signalled by the pid the engine reports — only
 * after /proc confirms that pid sits in that container's cgroup (a reused
 * pid is never signalled). Works where the engine shares this machine's pid
 * namespace; otherwise the exec is reported as left running.
 */
import { readFileSync } from 'node:fs'

export function killContainerProcess(pid: number, containerId: string): boolean {
  if (!Number.isInteger(pid) || pid <= 1 || containerId.length < 12) return false
  try {
    const cgroup = readFileSync(`/proc/${pid}/cgroup`, 'utf8')
    if (!cgroup.includes(containerId)) return false
    process.kill(pid, 'SIGKILL')
    return true
  } catch {
    return false
  }
}
