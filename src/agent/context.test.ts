import { describe, expect, it } from 'vitest'
import { DEFAULT_BUSY_TIMEOUT_MS } from '../store/open-database.js'
import { DEFAULT_AGENT_SETTINGS, LONGEST_WRITE_MS } from './context.js'

describe('agent liveness', () => {
  it('presumes an agent dead only after longer than a busy database can hold up its heartbeat', () => {
    const { staleMs, heartbeatMs } = DEFAULT_AGENT_SETTINGS
    expect(staleMs).toBeGreaterThan(DEFAULT_BUSY_TIMEOUT_MS + LONGEST_WRITE_MS + heartbeatMs)
  })
})
