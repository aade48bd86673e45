/** `operator doctor [--json]`: is this machine ready? Exits 0 when every required item is ok, 1 when not. */
import type { Command } from 'commander'
import { z } from 'zod'
import { etcdBinary } from '../../subjects/etcd/defaults.js'
import { renderDoctor } from '../doctor/render-doctor.js'
import { runDoctor } from '../doctor/run-doctor.js'
import { output, parseOptions } from './context.js'

const DoctorOptions = z.object({ json: z.boolean().optional() })

/** Exit code when the machine is not ready (the report itself says why). */
export const NOT_READY_EXIT_CODE = 1

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description(
      'check that this machine is ready: etcd, redis-server, redis-sentinel, Docker engine, tmux, database, Node, OPERATOR_HOME (exit 1 when not)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (raw: unknown) => {
      const o = parseOptions(DoctorOptions, raw, 'doctor')
      const report = await runDoctor({ etcdBinary: etcdBinary() })
      output(o.json, report, renderDoctor)
      if (!report.ok) process.exitCode = NOT_READY_EXIT_CODE
    })
}
