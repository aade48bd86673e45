/**
 * One ratelimiter app instance: a plain Node HTTP server on 127.0.0.1 whose
 * `/hit` shares its limit with the other instances through Redis (found via
 * the Sentinels). Started detached by the runtime; stops on SIGTERM or SIGINT.
 * Usage: node server.js --name a1 --port P --sentinels p1,p2,p3 [--points 50 --duration 1 --instances 3]
 */
import { createServer } from 'node:http'
import { parseAppArgs } from './app-config.js'
import { appLogger } from './app-log.js'
import { createLimiter } from './limiter.js'
import { connectRedis } from './redis-connection.js'
import { createRoutes } from './routes.js'

function main(): void {
  let config: ReturnType<typeof parseAppArgs>
  try {
    config = parseAppArgs(process.argv.slice(2), process.env)
  } catch (err) {
    process.stderr.write(`ratelimiter app: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(2)
  }
  const log = appLogger(config.name)
  const redis = connectRedis(config, log)
  const routes = createRoutes(config, createLimiter(config, redis.client), redis, log)
  const server = createServer((req, res) => {
    routes.handle(req, res).catch((err: unknown) => {
      log('request_error', { error: err instanceof Error ? err.message : String(err) })
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
  server.keepAliveTimeout = 5000
  server.on('error', (err) => {
    log('listen_error', { error: err.message, port: config.port })
    process.exit(1)
  })
  server.listen(config.port, '127.0.0.1', () => {
    log('listening', {
      port: config.port,
      sentinels: config.sentinels,
      points: config.points,
      duration_s: config.durationS,
    })
  })
  const stop = (signal: string) => {
    log('stopping', { signal, served: routes.served })
    server.close()
    server.closeAllConnections()
    void redis.close().finally(() => process.exit(0))
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
}

main()
