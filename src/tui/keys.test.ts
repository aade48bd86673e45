import { describe, expect, it } from 'vitest'
import type { Proposal } from '../core/records.js'
import { faultItems, handleKey } from './keys.js'
import { ViewModel } from './view-model.js'

const FAULTS = [
  { name: 'kill_member', targeted: true },
  { name: 'fill_quota', targeted: false },
]

function vmWithPending(): ViewModel {
  const vm = new ViewModel({ invariants: ['members_healthy'], clusterTable: () => null })
  const proposal = (id: string): Proposal => ({
    id,
    ticket_id: 'T-1',
    attempt: 0,
    step: 0,
    steps: 1,
    action: 'restart_member',
    params: { member: 'm2' },
    content_hash: `hash-${id}`,
    risk: 'medium',
    tier: 2,
    rationale: 'm2 crashed',
    policy: null,
    risk_assessment: null,
    status: 'awaiting_approval',
    reason: null,
    result: null,
    created_by: 'agent',
    created_at: 0,
    updated_at: 0,
    version: 3,
  })
  vm.applySnapshot({
    modes: { safety: 'execute', approval: 'manual', kill_latched: false, updated_at: 0, updated_by: 'x' },
    tickets: [],
    proposals: [proposal('P-1'), proposal('P-2')],
  })
  return vm
}

describe('keys', () => {
  it('approves and rejects the selected proposal, bound to its content hash', () => {
    const vm = vmWithPending()
    expect(handleKey(vm, { name: 'a', ch: 'a' }, FAULTS)).toEqual({
      kind: 'approve',
      proposalId: 'P-1',
      contentHash: 'hash-P-1',
    })
    handleKey(vm, { name: 'down' }, FAULTS)
    expect(handleKey(vm, { name: 'r', ch: 'r' }, FAULTS)).toEqual({
      kind: 'reject',
      proposalId: 'P-2',
      contentHash: 'hash-P-2',
    })
  })

  it('says so instead of approving when nothing awaits approval', () => {
    const vm = new ViewModel({ invariants: [], clusterTable: () => null })
    expect(handleKey(vm, { name: 'a', ch: 'a' }, FAULTS)).toBeNull()
    expect(vm.flash?.text).toMatch(/nothing awaiting approval/)
  })

  it('asks for confirmation before the kill switch and only y confirms', () => {
    const vm = vmWithPending()
    expect(handleKey(vm, { name: 'k', ch: 'K', shift: true }, FAULTS)).toBeNull()
    expect(vm.overlay?.kind).toBe('confirm_kill')
    expect(handleKey(vm, { name: 'n', ch: 'n' }, FAULTS)).toBeNull()
    expect(vm.overlay).toBeNull()
    handleKey(vm, { name: 'k', ch: 'K', shift: true }, FAULTS)
    expect(handleKey(vm, { name: 'y', ch: 'y' }, FAULTS)).toEqual({ kind: 'kill' })
  })

  it('asks for confirmation before leaving a latched kill switch for execute mode, and only y confirms', () => {
    const vm = vmWithPending()
    vm.modes = { safety: 'observe', approval: 'manual', kill_latched: true, updated_at: 1, updated_by: 'alice' }
    expect(handleKey(vm, { name: 'm', ch: 'm' }, FAULTS)).toBeNull()
    expect(vm.overlay?.kind).toBe('confirm_unlatch')
    expect(handleKey(vm, { name: 'n', ch: 'n' }, FAULTS)).toBeNull()
    expect(vm.overlay).toBeNull()
    handleKey(vm, { name: 'm', ch: 'm' }, FAULTS)
    expect(handleKey(vm, { name: 'y', ch: 'y' }, FAULTS)).toEqual({ kind: 'toggle_safety' })
    vm.modes = { ...vm.modes, kill_latched: false }
    expect(handleKey(vm, { name: 'm', ch: 'm' }, FAULTS)).toEqual({ kind: 'toggle_safety' })
  })

  it('offers each targeted fault per member and injects the chosen one', () => {
    const vm = vmWithPending()
    expect(faultItems(vm, FAULTS).map((i) => i.label)).toEqual([
      'kill member  m1',
      'kill member  m2',
      'kill member  m3',
      'fill quota',
    ])
    // A fault that lands only on some members is offered only for them.
    const narrow = [{ name: 'kill_member', targeted: true, targets: ['m3'] }]
    expect(faultItems(vm, narrow).map((i) => i.label)).toEqual(['kill member  m3'])
    handleKey(vm, { name: 'f', ch: 'f' }, FAULTS)
    handleKey(vm, { name: 'j', ch: 'j' }, FAULTS)
    expect(handleKey(vm, { name: 'enter', ch: '\r' }, FAULTS)).toEqual({
      kind: 'fault',
      fault: 'kill_member',
      target: 'm2',
      run: null,
    })
    expect(vm.overlay).toBeNull()
  })

  it('filters the focused log with / and clears it with escape', () => {
    const vm = vmWithPending()
    vm.focus = 'agent'
    handleKey(vm, { name: '/', ch: '/' }, FAULTS)
    for (const ch of 'T-2') handleKey(vm, { name: ch, ch }, FAULTS)
    handleKey(vm, { name: 'enter', ch: '\r' }, FAULTS)
    expect(vm.filters.agent).toBe('T-2')
    handleKey(vm, { name: '/', ch: '/' }, FAULTS)
    handleKey(vm, { name: 'escape' }, FAULTS)
    expect(vm.filters.agent).toBeUndefined()
  })

  it('moves focus with tab, toggles modes, restarts dead children and quits on q or ctrl-c', () => {
    const vm = vmWithPending()
    handleKey(vm, { name: 'tab', ch: '\t' }, FAULTS)
    expect(vm.focus).toBe('cluster')
    expect(handleKey(vm, { name: 'm', ch: 'm' }, FAULTS)).toEqual({ kind: 'toggle_safety' })
    expect(handleKey(vm, { name: 'a', ch: 'A', shift: true }, FAULTS)).toEqual({ kind: 'toggle_approval' })
    expect(handleKey(vm, { name: 'r', ch: 'R', shift: true }, FAULTS)).toEqual({ kind: 'restart_children' })
    expect(handleKey(vm, { name: 'q', ch: 'q' }, FAULTS)).toEqual({ kind: 'quit' })
    expect(handleKey(vm, { name: 'c', ctrl: true }, FAULTS)).toEqual({ kind: 'quit' })
  })

  it('lets q close the help overlay without quitting', () => {
    const vm = vmWithPending()
    handleKey(vm, { name: '?', ch: '?' }, FAULTS)
    expect(vm.overlay?.kind).toBe('help')
    expect(handleKey(vm, { name: 'q', ch: 'q' }, FAULTS)).toBeNull()
    expect(vm.overlay).toBeNull()
  })

  it('lists the caller’s own keys in the help it opens, and no extra when there are none', () => {
    const vm = vmWithPending()
    handleKey(vm, { name: '?', ch: '?' }, FAULTS)
    expect(vm.overlay).toEqual({ kind: 'help' })
    expect(vm.overlay && 'extra' in vm.overlay).toBe(false)
    handleKey(vm, { name: 'escape' }, FAULTS)
    vm.extraKeys = [['space', 'fire the next step']]
    handleKey(vm, { name: '?', ch: '?' }, FAULTS)
    expect(vm.overlay).toEqual({ kind: 'help', extra: [['space', 'fire the next step']] })
  })

  it('scrolls an open message with j, k, the arrows and the page keys, never above its top', () => {
    const vm = vmWithPending()
    vm.overlay = { kind: 'message', title: 'Report', lines: ['a', 'b'] }
    const scroll = () => (vm.overlay?.kind === 'message' ? vm.overlay.scroll : 'closed')
    handleKey(vm, { name: 'j', ch: 'j' }, FAULTS)
    expect(scroll()).toBe(1)
    handleKey(vm, { name: 'down' }, FAULTS)
    expect(scroll()).toBe(2)
    handleKey(vm, { name: 'pagedown' }, FAULTS)
    expect(scroll()).toBe(12)
    handleKey(vm, { name: 'k', ch: 'k' }, FAULTS)
    handleKey(vm, { name: 'up' }, FAULTS)
    expect(scroll()).toBe(10)
    handleKey(vm, { name: 'pageup' }, FAULTS)
    handleKey(vm, { name: 'pageup' }, FAULTS)
    expect(scroll()).toBe(0)
    expect(vm.selected).toBe(0)
  })

  it('opens the whole of the newest folded line in the focused log with enter; its return twin keeps it open', () => {
    const vm = vmWithPending()
    const folded = (text: string, detail: string) => vm.agentLog.push({ at: 1, text, tone: 'info', detail })
    folded('T-1 model: first', 'first answer\nin two lines')
    vm.agentLog.push({ at: 2, text: 'T-1 P-1 PROPOSED restart_member', tone: 'info' })
    folded('T-1 → observe {}', 'observe input: {}')
    vm.agentLog.push({ at: 3, text: 'T-1 RESOLVED', tone: 'good' })
    vm.focus = 'agent'
    expect(handleKey(vm, { name: 'enter', ch: '\r' }, FAULTS)).toBeNull()
    expect(handleKey(vm, { name: 'return', ch: '\r' }, FAULTS)).toBeNull()
    expect(vm.overlay).toEqual({
      kind: 'message',
      title: 'T-1 → observe {}',
      lines: ['observe input: {}'],
      tone: 'info',
      scroll: 0,
    })
    handleKey(vm, { name: 'escape' }, FAULTS)
    // Scrolled up past it, the older one.
    vm.scroll.agent = 2
    handleKey(vm, { name: 'enter', ch: '\r' }, FAULTS)
    expect(vm.overlay).toMatchObject({ title: 'T-1 model: first', lines: ['first answer', 'in two lines'] })
  })

  it('says what to do when enter has nothing to open', () => {
    const vm = vmWithPending()
    vm.focus = 'agent'
    vm.agentLog.push({ at: 1, text: 'T-1 claimed', tone: 'info' })
    handleKey(vm, { name: 'enter', ch: '\r' }, FAULTS)
    expect(vm.overlay).toBeNull()
    expect(vm.flash?.text).toMatch(/no folded line in view/)
    vm.focus = 'proposals'
    handleKey(vm, { name: 'enter', ch: '\r' }, FAULTS)
    expect(vm.overlay).toBeNull()
    expect(vm.flash?.text).toMatch(/focus the Agent panel/)
  })

  it('closes a message with escape, enter or q, without quitting', () => {
    for (const key of [{ name: 'escape' }, { name: 'enter', ch: '\r' }, { name: 'q', ch: 'q' }]) {
      const vm = vmWithPending()
      vm.overlay = { kind: 'message', title: 'Report', lines: ['a'], scroll: 3 }
      expect(handleKey(vm, key, FAULTS)).toBeNull()
      expect(vm.overlay).toBeNull()
    }
  })
})
