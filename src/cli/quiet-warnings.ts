/**
 * Node warnings that are noise on the operator's output. grpc-js sets the TLS
 * server name to the IP of an `https://IP:port` endpoint (an attached etcd on
 * loopback), and Node warns once per process (DEP0123) — two lines of stderr
 * in front of a one-line error, about nothing the user can change. Every
 * other warning is printed as Node prints it.
 */
const QUIET = new Set(['DEP0123'])

export function quietKnownWarnings(): void {
  const emit = process.emitWarning.bind(process)
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const first = rest[0]
    const code =
      typeof first === 'object' && first !== null
        ? (first as { code?: string }).code
        : typeof rest[1] === 'string'
          ? rest[1]
          : undefined
    if (code !== undefined && QUIET.has(code)) return
    ;(emit as (...args: unknown[]) => void)(warning, ...rest)
  }) as typeof process.emitWarning
}
