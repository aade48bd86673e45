import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { REDACTED } from '../core/redact.js'
import { createLogger } from './logger.js'

function capture() {
  const stream = new PassThrough()
  const lines: string[] = []
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().trim().split('\n')))
  return {
    logger: createLogger('test', stream),
    lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  }
}

describe('logger', () => {
  it('redacts secrets in fields and in the message', async () => {
    const { logger, lines } = capture()
    logger.info(
      { event: 'login', password: 'hunter2hunter2', user: 'ada' },
      'sent Authorization: Bearer abcdefghijklmnop to the API',
    )
    await new Promise((r) => setImmediate(r))
    const [line] = lines()
    expect(line).toMatchObject({
      event: 'login',
      password: REDACTED,
      user: 'ada',
      msg: `sent Authorization: ${REDACTED}`,
    })
    expect(JSON.stringify(line)).not.toMatch(/hunter2|abcdefghijklmnop/)
  })

  it('keeps an error serialised as an error, its message redacted', async () => {
    const { logger, lines } = capture()
    logger.error({ err: new TypeError('connect failed: redis://ops:s3cr3tpass@cache:6379') }, 'failed')
    await new Promise((r) => setImmediate(r))
    expect(lines()[0]?.err).toMatchObject({
      type: 'TypeError',
      message: `connect failed: redis://ops:${REDACTED}@cache:6379`,
    })
  })
})
