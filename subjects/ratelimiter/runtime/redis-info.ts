/**
 * Reading Redis's and Sentinel's replies: `INFO` text as fields, the
 * replicas a primary lists, Sentinel's flat field lists as records. Pure.
 */

/** `INFO` text (`key:value` lines, `# Section` headers) as a record. */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const colon = line.indexOf(':')
    if (colon > 0) out[line.slice(0, colon)] = line.slice(colon + 1)
  }
  return out
}

/** One replica as its primary's `INFO replication` lists it (`slave0:ip=…,port=…,state=online,offset=…,lag=…`). */
export interface ListedReplica {
  port: number
  state: string
  offset: number
  lag: number
}

export function listedReplicas(info: Record<string, string>): ListedReplica[] {
  const out: ListedReplica[] = []
  for (const [key, value] of Object.entries(info)) {
    if (!/^slave\d+$/.test(key)) continue
    const fields = Object.fromEntries(value.split(',').map((kv) => kv.split('=') as [string, string]))
    const port = Number(fields.port)
    if (!Number.isInteger(port)) continue
    out.push({ port, state: fields.state ?? '', offset: Number(fields.offset ?? 0), lag: Number(fields.lag ?? 0) })
  }
  return out
}

/** Sentinel's `SENTINEL MASTER <name>` reply (alternating names and values) as a record. */
export function pairsToRecord(reply: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!Array.isArray(reply)) return out
  for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1])
  return out
}

/** The port of `SENTINEL get-master-addr-by-name` (`[ip, port]`); null for any other reply. */
export function masterPort(reply: unknown): number | null {
  if (!Array.isArray(reply) || reply.length !== 2) return null
  const port = Number(reply[1])
  return Number.isInteger(port) && port > 0 ? port : null
}
