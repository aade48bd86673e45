/**
 * Attach-time checks of a runtime adapter, before anything is recorded:
 * docker — an engine answers and every container named with
 * --member-container is on it; systemd — systemctl runs on this host, reaches
 * systemd, and every unit named with --member-unit is a loaded service. Each
 * failure is one OperatorError naming the flag, the container or unit, and
 * the fix.
 */
import { OperatorError } from '../../../../src/core/errors.js'
import type { EngineGetter } from '../../../../src/executors/docker/engine.js'
import { describeServiceFailure } from '../../../../src/executors/host/service-manager.js'
import { checkServiceName } from '../../../../src/executors/host/service-name.js'
import { engineFailure, isEngineNotFound } from '../docker/engine-errors.js'
import type { SystemctlRunner } from './systemctl-runner.js'
import { parseShow, showArgs } from './systemd-unit.js'

/** What the checks reach: the Docker engine, and systemctl on this host. */
export interface AdapterCheckDeps {
  engine: EngineGetter
  systemctl: SystemctlRunner
}

export interface AdapterChoice {
  adapter: 'none' | 'systemd' | 'docker'
  units: Record<string, string>
  containers: Record<string, string>
}

/** What the run record keeps of the check: the engine the containers were found on. */
export interface AdapterFound {
  engine_host?: string
}

const CHECK_TIMEOUT_MS = 10_000

function needsNames(adapter: string, flag: string): OperatorError {
  return new OperatorError(
    'usage',
    `--runtime-adapter ${adapter} restarts only the members named with ${flag}, and none is named`,
    `give ${flag} MEMBER=NAME for each member it may restart, or attach with --runtime-adapter none`,
  )
}

async function checkDocker(containers: Record<string, string>, getEngine: EngineGetter): Promise<AdapterFound> {
  if (Object.keys(containers).length === 0) throw needsNames('docker', '--member-container')
  const engine = await getEngine()
  for (const [member, name] of Object.entries(containers)) {
    try {
      await engine.docker.getContainer(name).inspect()
    } catch (err) {
      if (!isEngineNotFound(err)) throw engineFailure(`cannot inspect the container ${name} of ${member}`, err)
      throw new OperatorError(
        'not_found',
        `--member-container ${member}=${name}: no container ${name} on the Docker engine at ${engine.host}`,
        'name the member’s container as `docker ps -a` lists it (on this engine, DOCKER_HOST), or use --runtime-adapter none',
      )
    }
  }
  return { engine_host: engine.host }
}

async function checkSystemd(units: Record<string, string>, run: SystemctlRunner): Promise<AdapterFound> {
  if (Object.keys(units).length === 0) throw needsNames('systemd', '--member-unit')
  const version = await run(['--version'], { timeoutMs: CHECK_TIMEOUT_MS })
  if (!version.ok && version.reason === 'spawn_failed')
    throw new OperatorError(
      'config',
      'the systemd adapter needs systemctl on this host, and none is found',
      'run Operator on the members’ host, or use --runtime-adapter none|docker',
    )
  for (const [member, raw] of Object.entries(units)) {
    const checked = checkServiceName(raw)
    if (!checked.ok)
      throw new OperatorError('usage', `--member-unit ${member}=${raw}: ${checked.reason}`, 'name a service unit')
    const out = await run(showArgs(checked.unit), { timeoutMs: CHECK_TIMEOUT_MS })
    if (!out.ok)
      throw new OperatorError(
        'config',
        `the systemd adapter cannot ask systemd about ${checked.unit}: systemctl ${describeServiceFailure(out)}`,
        'run Operator where systemd runs the members, or use --runtime-adapter none|docker',
      )
    if (parseShow(out.stdout).load !== 'loaded')
      throw new OperatorError(
        'not_found',
        `--member-unit ${member}=${raw}: systemd has no unit ${checked.unit} on this host`,
        'name the member’s unit as `systemctl list-units` lists it, or use --runtime-adapter none',
      )
  }
  return {}
}

/** Checks the adapter chosen at attach time; what it returns is recorded with the run. */
export async function checkAdapter(choice: AdapterChoice, deps: AdapterCheckDeps): Promise<AdapterFound> {
  if (choice.adapter === 'docker') return checkDocker(choice.containers, deps.engine)
  if (choice.adapter === 'systemd') return checkSystemd(choice.units, deps.systemctl)
  return {}
}
