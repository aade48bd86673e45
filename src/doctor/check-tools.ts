/**
 * Doctor checks for the programs Operator runs: etcd and the ratelimiter subject's
 * redis-server and redis-sentinel (each with its version), tmux, and Node itself.
 */
import { execa } from 'execa'
import type { z } from 'zod'
import { findExecutable } from './find-executable.js'
import type { EtcdCheck, NodeCheck, RedisCheck, TmuxCheck } from './report-schema.js'

/** The oldest Node this build supports (package.json "engines"). */
export const MIN_NODE = { major: 20, minor: 19 } as const

const ETCD_FIX =
  'install etcd-server (`apt-get install etcd-server`, or `bash scripts/setup.sh`) or set OPERATOR_ETCD_BINARY'

export async function checkEtcd(binary: string, env: NodeJS.ProcessEnv): Promise<z.infer<typeof EtcdCheck>> {
  const path = findExecutable(binary, env)
  if (path === null)
    return { ok: false, path: null, version: null, error: `${binary} not found on PATH`, fix: ETCD_FIX }
  const result = await execa(path, ['--version'], {
    reject: false,
    timeout: 10_000,
    stdin: 'ignore',
    env: { ...env, ETCDCTL_API: '3' },
  })
  const stdout = typeof result.stdout === 'string' ? result.stdout : ''
  if (result.failed) {
    const why = result.timedOut
      ? 'timed out'
      : result.exitCode === undefined
        ? 'could not be started'
        : `exited with code ${result.exitCode}`
    return { ok: false, path, version: null, error: `${path} --version ${why}`, fix: ETCD_FIX }
  }
  const version = /etcd Version:\s*(\S+)/i.exec(stdout)?.[1] ?? stdout.split('\n')[0]?.trim() ?? ''
  if (version === '')
    return { ok: false, path, version: null, error: `${path} --version printed no version`, fix: ETCD_FIX }
  return { ok: true, path, version }
}

const REDIS_FIX =
  'install redis-server and redis-sentinel (`apt-get install redis-server redis-sentinel`, or `bash scripts/setup.sh`) or set OPERATOR_REDIS_SERVER_BINARY / OPERATOR_REDIS_SENTINEL_BINARY'

/** redis-server or redis-sentinel (the same program under two names): found, and says its version. */
export async function checkRedis(binary: string, env: NodeJS.ProcessEnv): Promise<z.infer<typeof RedisCheck>> {
  const path = findExecutable(binary, env)
  if (path === null)
    return { ok: false, path: null, version: null, error: `${binary} not found on PATH`, fix: REDIS_FIX }
  const result = await execa(path, ['--version'], { reject: false, timeout: 10_000, stdin: 'ignore', env })
  const stdout = typeof result.stdout === 'string' ? result.stdout : ''
  if (result.failed) {
    const why = result.timedOut
      ? 'timed out'
      : result.exitCode === undefined
        ? 'could not be started'
        : `exited with code ${result.exitCode}`
    return { ok: false, path, version: null, error: `${path} --version ${why}`, fix: REDIS_FIX }
  }
  const version = /\bv=(\S+)/.exec(stdout)?.[1] ?? ''
  if (version === '')
    return { ok: false, path, version: null, error: `${path} --version printed no Redis version`, fix: REDIS_FIX }
  return { ok: true, path, version }
}

export function checkTmux(env: NodeJS.ProcessEnv): z.infer<typeof TmuxCheck> {
  const path = findExecutable('tmux', env)
  if (path === null)
    return {
      ok: false,
      path: null,
      error: 'tmux not found on PATH',
      fix: 'install tmux (`apt-get install tmux`); only the end-to-end screen test needs it',
    }
  return { ok: true, path }
}

export function checkNode(version: string = process.versions.node): z.infer<typeof NodeCheck> {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  const ok = major > MIN_NODE.major || (major === MIN_NODE.major && minor >= MIN_NODE.minor)
  const shown = `v${version}`
  if (ok) return { ok: true, version: shown }
  return {
    ok: false,
    version: shown,
    error: `Node ${shown} is older than ${MIN_NODE.major}.${MIN_NODE.minor}`,
    fix: `install Node.js ${MIN_NODE.major}.${MIN_NODE.minor} or newer`,
  }
}
