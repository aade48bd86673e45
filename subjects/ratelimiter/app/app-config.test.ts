import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMIT, KEY_PREFIX, MASTER_NAME } from '../defaults.js'
import { type AppConfig, appArgs, DEFAULT_COMMAND_TIMEOUT_MS, parseAppArgs } from './app-config.js'

const config: AppConfig = {
  name: 'a2',
  port: 43002,
  sentinels: [42001, 42002, 42003],
  masterName: 'ratelimiter',
  keyPrefix: 'rl',
  points: 50,
  durationS: 1,
  instances: 3,
  commandTimeoutMs: 500,
}

describe('app command line', () => {
  it('parses back exactly what the runtime builds', () => {
    const args = appArgs(config)
    expect(args).toContain('--sentinels')
    expect(args[args.indexOf('--sentinels') + 1]).toBe('42001,42002,42003')
    expect(parseAppArgs(args)).toEqual(config)
  })

  it("falls back to the environment, then to the subject's defaults", () => {
    const parsed = parseAppArgs([], { OPERATOR_RL_PORT: '5000', OPERATOR_RL_SENTINELS: '1,2', OPERATOR_RL_NAME: 'a9' })
    expect(parsed).toEqual({
      name: 'a9',
      port: 5000,
      sentinels: [1, 2],
      masterName: MASTER_NAME,
      keyPrefix: KEY_PREFIX,
      points: DEFAULT_LIMIT.points,
      durationS: DEFAULT_LIMIT.duration_s,
      instances: 1,
      commandTimeoutMs: DEFAULT_COMMAND_TIMEOUT_MS,
    })
  })

  it('refuses a missing port or Sentinel list, a bad port and a fractional limit, in one line', () => {
    expect(() => parseAppArgs(['--sentinels', '1'])).toThrow(/--port is required/)
    expect(() => parseAppArgs(['--port', '1'])).toThrow(/--sentinels is required/)
    expect(() => parseAppArgs(['--port', '70000', '--sentinels', '1'])).toThrow(/port \(1–65535\)/)
    expect(() => parseAppArgs(['--port', '1', '--sentinels', '1,x'])).toThrow(/--sentinels must be a port/)
    expect(() => parseAppArgs(['--port', '1', '--sentinels', '1', '--points', '2.5'])).toThrow(/whole number/)
    expect(() => parseAppArgs(['--port', '1', '--sentinels', '1', '--bogus'])).toThrow()
  })
})
