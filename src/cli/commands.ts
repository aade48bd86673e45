/**
 * Every top-level command, by name, with the module that registers it. A
 * run of `operator NAME …` loads only NAME's module (and what it imports):
 * the SDKs, the screen, the Docker and etcd clients load only for commands
 * that use them, so a quick command starts quickly. Help, the version and an
 * unknown name load them all. A unit test keeps the names in step with what
 * each module registers.
 */
import type { Command } from 'commander'

type Register = (program: Command) => void

/** In the order `operator --help` lists them. */
export const COMMANDS: readonly (readonly [names: readonly string[], load: () => Promise<Register>])[] = [
  [['cluster'], async () => (await import('./cluster.js')).registerCluster],
  [['fault'], async () => (await import('./fault.js')).registerFault],
  [['monitor'], async () => (await import('./monitor.js')).registerMonitor],
  [['agent'], async () => (await import('./agent.js')).registerAgent],
  [['mode'], async () => (await import('./mode.js')).registerMode],
  [['approve', 'reject', 'revoke', 'proposal'], async () => (await import('./approve.js')).registerApprovals],
  [['proposals', 'tickets'], async () => (await import('./lists.js')).registerLists],
  [['kill'], async () => (await import('./kill.js')).registerKill],
  [['audit'], async () => (await import('./audit.js')).registerAudit],
  [['demo'], async () => (await import('./demo.js')).registerDemo],
  [['policy'], async () => (await import('./policy.js')).registerPolicy],
  [['workload'], async () => (await import('./workload.js')).registerWorkload],
  [['doctor'], async () => (await import('./doctor.js')).registerDoctor],
  [['scenario'], async () => (await import('./scenario.js')).registerScenario],
  [['eval'], async () => (await import('./eval.js')).registerEval],
  [['runs'], async () => (await import('./runs.js')).registerRuns],
  [['replay'], async () => (await import('./replay.js')).registerReplay],
  [['brain'], async () => (await import('./brain.js')).registerBrain],
  [['explain', 'timeline', 'next'], async () => (await import('./explain.js')).registerExplain],
  [['boot', 'handoff'], async () => (await import('./boot.js')).registerBoot],
  [['mcp'], async () => (await import('./mcp.js')).registerMcp],
]

/** The command a run names: the first argument that is not an option. */
export function commandName(argv: readonly string[]): string | null {
  return argv.slice(2).find((a) => !a.startsWith('-')) ?? null
}

/** Registers the named command's module, or every module when the name is none of them. */
export async function registerCommands(program: Command, argv: readonly string[]): Promise<void> {
  const name = commandName(argv)
  const one = COMMANDS.find(([names]) => name !== null && names.includes(name))
  for (const [, load] of one ? [one] : COMMANDS) (await load())(program)
}
