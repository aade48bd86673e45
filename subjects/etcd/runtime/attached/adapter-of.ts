/**
 * The runtime adapter an attached run was attached with, bound to what it
 * reaches: the Docker engine the containers were found on, or systemctl on
 * this host (OPERATOR_SYSTEMCTL names another binary, as for the host
 * actions); none for `--runtime-adapter none`.
 */
import type { EngineGetter } from '../../../../src/executors/docker/engine.js'
import { SYSTEMCTL_ENV } from '../../../../src/executors/host/systemctl.js'
import type { AttachedRunRecord } from '../run-records.js'
import type { AdapterControl } from './adapter.js'
import { dockerAdapter } from './docker-adapter.js'
import { execaSystemctl } from './systemctl-runner.js'
import { systemdAdapter } from './systemd-adapter.js'

/** systemctl on this host: OPERATOR_SYSTEMCTL, else `systemctl` on the PATH. */
export const hostSystemctl = (env: NodeJS.ProcessEnv = process.env) => execaSystemctl(env[SYSTEMCTL_ENV] || 'systemctl')

export function adapterOf(run: AttachedRunRecord, getEngine: EngineGetter): AdapterControl | null {
  switch (run.attach.adapter) {
    case 'docker':
      return dockerAdapter(run.run_id, run.attach.containers, getEngine)
    case 'systemd':
      return systemdAdapter(run.attach.units, hostSystemctl())
    case 'none':
      return null
  }
}
