import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ALLOWED, circles, type Edge, importGraph, partOf, ruleViolations } from '../fixtures/import-graph.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

describe("the project's imports", () => {
  const graph = importGraph(ROOT)

  it('reads the graph of the real sources', () => {
    expect(graph.length).toBeGreaterThan(300)
    expect(graph).toContainEqual({ from: 'src/cli/commands.ts', to: 'src/cli/agent.ts' })
  })

  it("follow DESIGN.md's parts: each part imports only the parts below it", () => {
    expect(ruleViolations(graph)).toEqual([])
  })

  it('have no circle between files', () => {
    expect(circles(graph)).toEqual([])
  })

  it("are the rules README's layout table states, part for part", () => {
    const readme = readFileSync(`${ROOT}/README.md`, 'utf8')
    const section = readme.slice(readme.indexOf('## How the code is laid out'))
    const rows = section.split('\n').filter((l) => /^\| [a-z]/.test(l) && !l.startsWith('| part '))
    const stated: Record<string, string[]> = {}
    const partName = (name: string) => (name === 'subjects' ? 'subject' : name)
    for (const row of rows) {
      const cells = row.split('|').map((c) => c.trim())
      const [parts, mayImport] = [cells[1] ?? '', cells[4] ?? '']
      const allowed = mayImport === 'nothing' ? [] : mayImport.startsWith('anything') ? ['*'] : mayImport.split(', ')
      for (const part of parts.split(', ')) stated[partName(part)] = allowed.map(partName)
    }
    expect(stated).toEqual(ALLOWED)
  })
})

describe('the dependency rules', () => {
  const broken = (from: string, to: string) => ruleViolations([{ from, to }])

  it('refuse core importing anything else of the project', () => {
    expect(broken('src/core/records.ts', 'src/store/store.ts')).toHaveLength(1)
    expect(broken('src/core/records.ts', 'src/log/logger.ts')).toHaveLength(1)
    expect(broken('src/core/records.ts', 'subjects/etcd/index.ts')).toHaveLength(1)
  })

  it('refuse the supervisor importing cli or tui', () => {
    expect(broken('src/supervisor/supervisor.ts', 'src/cli/children.ts')).toEqual([
      'src/supervisor/supervisor.ts imports src/cli/children.ts: nothing but cli/ may import cli/',
    ])
    expect(broken('src/supervisor/supervisor.ts', 'src/tui/view-model.ts')).toHaveLength(1)
  })

  it('refuse executors importing a subject', () => {
    expect(broken('src/executors/catalogue.ts', 'subjects/etcd/actions/index.ts')).toHaveLength(1)
  })

  it('refuse anything but cli importing cli', () => {
    for (const from of [
      'src/tui/app.ts',
      'src/replay/replay-headless.ts',
      'src/scenario/run-once.ts',
      'subjects/etcd/open.ts',
    ]) {
      expect(broken(from, 'src/cli/context.ts')).toHaveLength(1)
    }
    expect(broken('src/cli/demo.ts', 'src/cli/context.ts')).toEqual([])
  })

  it('refuse a subject importing the agent, the monitor, the screen or another subject', () => {
    for (const to of ['src/agent/agent.ts', 'src/monitor/monitor.ts', 'src/tui/app.ts', 'subjects/redis/index.ts']) {
      expect(broken('subjects/etcd/open.ts', to)).toHaveLength(1)
    }
    expect(broken('subjects/etcd/open.ts', 'src/executors/catalogue.ts')).toEqual([])
  })

  it('refuse the scenario and replay parts reaching into the screen', () => {
    expect(broken('src/scenario/narrate.ts', 'src/tui/narration.ts')).toHaveLength(1)
    expect(broken('src/replay/playback.ts', 'src/tui/view-model.ts')).toHaveLength(1)
  })

  it('name a file that is in no known part', () => {
    expect(broken('src/mystery/x.ts', 'src/core/errors.ts')).toEqual([
      "src/mystery/x.ts is in no known part (mystery): add it to DESIGN.md's parts",
    ])
  })

  it('find circles between files, and only those', () => {
    const edges: Edge[] = [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'a' },
      { from: 'c', to: 'd' },
      { from: 'e', to: 'e' },
    ]
    expect(circles(edges)).toEqual([['a', 'b', 'c'], ['e']])
    expect(circles([{ from: 'a', to: 'b' }])).toEqual([])
  })

  it('tell the part of a file from its folder', () => {
    expect(partOf('src/tui/panels/text.ts')).toBe('tui')
    expect(partOf('subjects/etcd/runtime/docker/names.ts')).toBe('subject:etcd')
    expect(partOf('src/core/errors.ts')).toBe('core')
  })
})
