/**
 * `operator doctor`: is this machine ready? Runs every check (the slow ones
 * at once), assembles the report and validates it against its schema.
 */
import { operatorPaths } from '../config/home.js'
import { OperatorError } from '../core/errors.js'
import type { probeEngine } from '../executors/docker/engine.js'
import { checkDocker } from './check-docker.js'
import { checkDatabase, checkHome } from './check-storage.js'
import { checkEtcd, checkNode, checkRedis, checkTmux } from './check-tools.js'
import { DOCTOR_SCHEMA_VERSION, type DoctorReport, DoctorReportSchema } from './report-schema.js'

export interface DoctorOptions {
  /** The etcd binary to look for (the subject's setting: OPERATOR_ETCD_BINARY or `etcd`). */
  etcdBinary: string
  /** The ratelimiter subject's programs (OPERATOR_REDIS_SERVER_BINARY / OPERATOR_REDIS_SENTINEL_BINARY, else the Debian names). */
  redisServerBinary?: string
  redisSentinelBinary?: string
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** Replaces the engine probe (tests). */
  probe?: typeof probeEngine
  /** Replaces process.versions.node (tests). */
  nodeVersion?: string
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const env = options.env ?? process.env
  const paths = operatorPaths(env, options.cwd ?? process.cwd())
  const [etcd, redis_server, redis_sentinel, docker] = await Promise.all([
    checkEtcd(options.etcdBinary, env),
    checkRedis(options.redisServerBinary ?? env.OPERATOR_REDIS_SERVER_BINARY ?? 'redis-server', env),
    checkRedis(options.redisSentinelBinary ?? env.OPERATOR_REDIS_SENTINEL_BINARY ?? 'redis-sentinel', env),
    checkDocker(env, options.probe),
  ])
  const tmux = checkTmux(env)
  const database = checkDatabase(paths.db)
  const node = checkNode(options.nodeVersion)
  const home = checkHome(paths.home)
  const ok = etcd.ok && redis_server.ok && redis_sentinel.ok && docker.ok && database.ok && node.ok && home.writable
  const parsed = DoctorReportSchema.safeParse({
    schema_version: DOCTOR_SCHEMA_VERSION,
    ok,
    etcd,
    redis_server,
    redis_sentinel,
    docker,
    tmux,
    database,
    node,
    home,
  })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new OperatorError(
      'internal',
      `doctor built an invalid report: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      'please report it with the command you ran',
    )
  }
  return parsed.data
}
