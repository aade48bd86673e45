/**
 * The operator's own processes, which host_kill_process never signals: this
 * process, its parent and every further ancestor (killing one would take the
 * operator down with it), and any process whose command line is an operator
 * process (the CLI entry point of this or another build).
 */
import { fileURLToPath } from 'node:url'
import type { ProcessControl, ProcessInfo } from './process-control.js'

/** This build's CLI entry point, as it appears in an operator process's command line. */
const THIS_CLI = fileURLToPath(new URL('../../cli/main.js', import.meta.url))

/** Substrings of a command line that mark an operator process. */
export const OPERATOR_CMDLINE_MARKERS: readonly string[] = [THIS_CLI, 'dist/src/cli/main.js', 'src/cli/main.ts']

export interface SelfProcess {
  pid: number
  ppid: number
}

export type OwnProcessRule = 'own_process' | 'own_parent' | 'own_ancestor' | 'operator_process'

const MAX_ANCESTORS = 64

/** The rule that makes pid one of the operator's own processes, or null. */
export function ownProcessRule(
  pid: number,
  info: ProcessInfo | null,
  self: SelfProcess,
  control: ProcessControl,
  markers: readonly string[] = OPERATOR_CMDLINE_MARKERS,
): { rule: OwnProcessRule; reason: string } | null {
  if (pid === self.pid) return { rule: 'own_process', reason: `pid ${pid} is this operator process` }
  if (pid === self.ppid) return { rule: 'own_parent', reason: `pid ${pid} is this operator process's parent` }
  let ancestor = control.inspect(self.ppid)
  for (let i = 0; ancestor !== null && ancestor.ppid > 0 && i < MAX_ANCESTORS; i++) {
    if (ancestor.ppid === pid)
      return { rule: 'own_ancestor', reason: `pid ${pid} is an ancestor of this operator process` }
    ancestor = control.inspect(ancestor.ppid)
  }
  if (info !== null && markers.some((m) => info.cmdline.includes(m))) {
    return { rule: 'operator_process', reason: `pid ${pid} is an operator process (${info.comm})` }
  }
  return null
}
