/**
 * Walking the limiter keys (`rl:*`) of one Redis node with SCAN, and
 * changing a page of them at once with a small Lua script (atomic per page):
 * restore_ttl gives the TTL-less ones a TTL; the strip_ttls fault removes them.
 */
import { KEY_PREFIX } from '../defaults.js'
import type { RedisConn } from '../redis-admin.js'

/** The pattern every limiter key matches. */
export const LIMITER_PATTERN = `${KEY_PREFIX}:*`

/** PEXPIRE ARGV[1] on each key without a TTL; returns how many. */
export const RESTORE_TTL_SCRIPT = `local n = 0
for _, k in ipairs(KEYS) do
  if redis.call('PTTL', k) == -1 then redis.call('PEXPIRE', k, ARGV[1]); n = n + 1 end
end
return n`

/** PERSIST each key; returns how many lost their TTL. */
export const PERSIST_SCRIPT = `local n = 0
for _, k in ipairs(KEYS) do n = n + redis.call('PERSIST', k) end
return n`

/** SCAN pages at most: a bound on a walk over a node full of keys. */
export const MAX_PAGES = 2000

export interface KeyWalk {
  scanned: number
  changed: number
}

/** Runs `script` over every limiter key, one SCAN page at a time. */
export async function eachLimiterPage(
  conn: RedisConn,
  script: string,
  args: (string | number)[],
  signal: AbortSignal,
): Promise<KeyWalk> {
  let cursor = '0'
  let scanned = 0
  let changed = 0
  for (let page = 0; page < MAX_PAGES; page++) {
    signal.throwIfAborted()
    const reply = await conn.call('SCAN', cursor, 'MATCH', LIMITER_PATTERN, 'COUNT', 1000)
    if (!Array.isArray(reply)) throw new Error(`unexpected SCAN reply: ${String(reply)}`)
    cursor = String(reply[0])
    const keys = Array.isArray(reply[1]) ? reply[1].map(String) : []
    scanned += keys.length
    if (keys.length > 0) changed += Number(await conn.call('EVAL', script, keys.length, ...keys, ...args))
    if (cursor === '0') break
  }
  return { scanned, changed }
}

/** A limiter key as Redis holds it: the prefix added unless it is there. */
export function limiterKey(key: string): string {
  return key.startsWith(`${KEY_PREFIX}:`) ? key : `${KEY_PREFIX}:${key}`
}
