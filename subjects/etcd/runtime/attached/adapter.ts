/**
 * The seam between an attached run's member runtime and its runtime
 * adapter (`--runtime-adapter docker|systemd`): the adapter drives only the
 * members it was given a container or unit for; every other member stays as
 * with `none` (no process to see, a restart is a person's, told the command).
 */
import type { MemberOpResult, MemberRuntime } from '../member-runtime.js'

/** What an adapter does for the members it drives. */
export interface AdapterControl {
  /** The adapter's name, as `--runtime-adapter` says it. */
  kind: 'docker' | 'systemd'
  /** Whether a container (unit) was named for the member at attach time: only then does the adapter act on it. */
  drives(member: string): boolean
  view: MemberRuntime['view']
  restart: MemberRuntime['restart']
  logTail: MemberRuntime['logTail']
  logExcerpt: MemberRuntime['logExcerpt']
  /** Faults the adapter can inject (with --allow-faults); absent ones stay refused. */
  faults: Partial<Record<'kill' | 'pause' | 'resume', (member: string) => Promise<MemberOpResult>>>
}
