import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { COMMANDS, commandName } from './commands.js'

describe('the command table', () => {
  it('names exactly the commands each module registers, each once', async () => {
    const seen: string[] = []
    for (const [names, load] of COMMANDS) {
      const program = new Command('operator')
      ;(await load())(program)
      expect(program.commands.map((c) => c.name())).toEqual(names)
      seen.push(...names)
    }
    expect(new Set(seen).size).toBe(seen.length)
  })

  it('takes the first argument that is not an option as the command', () => {
    expect(commandName(['node', 'operator', 'mode', 'execute'])).toBe('mode')
    expect(commandName(['node', 'operator', '--json', 'tickets'])).toBe('tickets')
    expect(commandName(['node', 'operator', '--help'])).toBeNull()
  })
})
