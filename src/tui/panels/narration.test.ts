import { describe, expect, it } from 'vitest'
import type { Narration } from '../../core/narration.js'
import { layout } from './layout.js'
import { narrationHeight, narrationLabel, narrationLines } from './narration.js'

function createNarration(overrides: Partial<Narration> = {}): Narration {
  return {
    title: 'Leader loss',
    step: 2,
    of: 3,
    text: 'Kill the leader',
    detail: 'fires in 5 s',
    tone: 'info',
    report: null,
    ...overrides,
  }
}

/** Tagged text as a person reads it: blessed tags removed, escaped braces shown as typed. */
const plain = (tagged: string) =>
  tagged
    .replace(/\{(?!open\}|close\})\/?[a-z-]+\}/g, '')
    .replace(/\{open\}/g, '{')
    .replace(/\{close\}/g, '}')

const LONG =
  'The monitor sees the leader gone, opens a ticket, and the agent proposes to restart the member it lost while the workload keeps writing through the other two'

describe('the narration band', () => {
  it('labels the band with the scenario’s title and the step of the method', () => {
    expect(plain(narrationLabel(createNarration(), 80))).toBe(' Scenario · Leader loss · step 2 of 3 ')
    expect(plain(narrationLabel(createNarration({ step: null }), 80))).toBe(' Scenario · Leader loss ')
  })

  it('cuts a long title so the step still shows in a narrow label', () => {
    const text = plain(narrationLabel(createNarration({ title: 'x'.repeat(200) }), 50))
    expect(text).toMatch(/^ Scenario · x+… · step 2 of 3 $/)
    expect(text.length).toBeLessThanOrEqual(50 - 4)
  })

  it('shows the text in bold white and the detail in its tone', () => {
    const lines = narrationLines(createNarration({ tone: 'warn' }), 60, 2)
    expect(lines).toEqual(['{white-fg}{bold}Kill the leader{/bold}{/white-fg}', '{yellow-fg}fires in 5 s{/yellow-fg}'])
  })

  it('wraps the text to two rows at most and cuts the rest with …', () => {
    const lines = narrationLines(createNarration({ text: LONG }), 40, 3).map(plain)
    expect(lines).toHaveLength(3)
    expect(lines[0]).toBe('The monitor sees the leader gone, opens')
    expect(lines[1]).toMatch(/^a ticket, and the agent proposes to re.*…$/)
    expect(lines[1]).toHaveLength(40)
    expect(lines[2]).toBe('fires in 5 s')
  })

  it('puts text and detail on one row when the band has one', () => {
    const [row, ...rest] = narrationLines(createNarration(), 60, 1).map(plain)
    expect(rest).toEqual([])
    expect(row).toBe('Kill the leader — fires in 5 s')
    expect(plain(narrationLines(createNarration({ text: LONG }), 40, 1)[0] ?? '')).toMatch(
      /^The monitor sees the leader gone, opens…$/,
    )
  })

  it('shows tags and escape sequences in the data as harmless text', () => {
    const lines = narrationLines(
      createNarration({ text: '{bold}hi\x1b[2J', detail: 'a\x1b]0;pwned\x07b{red-fg}' }),
      60,
      2,
    )
    expect(lines.map(plain)).toEqual(['{bold}hi', 'ab{red-fg}'])
    expect(lines.join('')).not.toContain('\x1b')
  })

  it('is as tall as its rows: none without narration, 4 or 5 on a large terminal, 3 on a small one', () => {
    expect(narrationHeight(null, 120, 40)).toBe(0)
    expect(narrationHeight(createNarration(), 120, 40)).toBe(4)
    expect(narrationHeight(createNarration({ text: LONG }), 120, 40)).toBe(5)
    expect(narrationHeight(createNarration({ text: LONG.repeat(3) }), 120, 40)).toBe(5)
    expect(narrationHeight(createNarration({ text: LONG }), 80, 23)).toBe(3)
  })
})

describe('the layout with a narration band', () => {
  it('gives the panels the whole height when there is no band, as before', () => {
    const plainLayout = layout(120, 40)
    expect(plainLayout.narration.height).toBe(0)
    expect(plainLayout.cluster.top).toBe(0)
    expect(layout(120, 40, 0)).toEqual(plainLayout)
  })

  it('puts the band on top across the width and moves the panels below it', () => {
    const without = layout(120, 40)
    const withBand = layout(120, 40, 5)
    expect(withBand.narration).toEqual({ top: 0, left: 0, width: 120, height: 5 })
    expect(withBand.cluster.top).toBe(5)
    expect(withBand.workload.top).toBe(5)
    expect(withBand.monitor.top).toBe(withBand.cluster.top + withBand.cluster.height)
    expect(withBand.monitor.top + withBand.monitor.height).toBe(withBand.status.top)
    expect(withBand.status).toEqual(without.status)
    expect(withBand.cluster.height + withBand.monitor.height).toBe(without.cluster.height + without.monitor.height - 5)
  })

  it('shrinks the band to one row, then drops it, before the panels lose the rows they need', () => {
    expect(layout(80, 16, 5).narration.height).toBe(3)
    expect(layout(80, 16, 5).cluster.top).toBe(3)
    expect(layout(80, 14, 3).narration.height).toBe(0)
    expect(layout(80, 14, 3)).toEqual(layout(80, 14))
  })
})
