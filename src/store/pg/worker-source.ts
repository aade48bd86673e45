/**
 * The worker thread of sync-client.ts, as source text (evaluated as CommonJS,
 * so it loads the same way from TypeScript under test and from dist). It
 * owns one `pg` client per connection it is handed (a port and a flag), and
 * answers each request on that port, then wakes the waiting thread through
 * that flag. 64-bit integers (counts, ms timestamps) come back as numbers, as
 * SQLite gives them.
 */
export const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads')
const pg = require(workerData.pgPath)
pg.types.setTypeParser(20, (v) => Number(v))
pg.types.setTypeParser(1700, (v) => Number(v))
const failure = (err) => ({ error: { message: String(err && err.message || err), code: err && err.code } })
const shape = (res) => {
  const last = Array.isArray(res) ? res[res.length - 1] : res
  return { ok: { rows: last ? last.rows : [], rowCount: last && last.rowCount != null ? last.rowCount : 0 } }
}
function serve({ url, flag, port }) {
  const wake = new Int32Array(flag)
  const client = new pg.Client({ connectionString: url, application_name: 'operator', statement_timeout: 50000 })
  let broken = null
  client.on('error', (err) => { broken = err })
  const answer = (message) => {
    port.postMessage(message)
    Atomics.store(wake, 0, 1)
    Atomics.notify(wake, 0)
  }
  async function handle(m) {
    if (broken && m.op !== 'close') throw broken
    switch (m.op) {
      case 'connect':
        await client.connect()
        return { ok: { rows: [], rowCount: 0 } }
      case 'query':
        return shape(await client.query({ text: m.text, values: m.values, name: m.name }))
      case 'simple':
        return shape(await client.query(m.text))
      case 'write1':
        await client.query('BEGIN')
        try {
          await client.query('SELECT pg_advisory_xact_lock($1)', [m.lockKey])
          const res = await client.query({ text: m.text, values: m.values, name: m.name })
          await client.query('COMMIT')
          return shape(res)
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {})
          throw err
        }
      case 'close':
        await client.end().catch(() => {})
        return { ok: { rows: [], rowCount: 0 } }
    }
    throw new Error('unknown request ' + m.op)
  }
  port.on('message', (m) => {
    handle(m)
      .then(
        (reply) => answer({ ...reply, id: m.id }),
        (err) => answer({ ...failure(err), id: m.id }),
      )
      .then(() => {
        if (m.op === 'close') port.close()
      })
  })
}
parentPort.on('message', serve)
`
