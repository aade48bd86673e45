/**
 * Key handling as a pure function: a key press changes the view state
 * (focus, selection, scroll, overlays, filters) and may ask the app for one
 * side effect. Overlays take the keys first, so `y` only confirms a kill
 * switch while its confirmation is showing, and the arrows scroll a message.
 */
import type { ChildName, ViewModel } from './view-model.js'

export interface KeyPress {
  /** blessed's key name: 'a', 'S-a' is reported as name 'a' with shift. */
  name: string
  ch?: string
  shift?: boolean
  ctrl?: boolean
}

export type Command =
  | { kind: 'approve' | 'reject'; proposalId: string; contentHash: string }
  | { kind: 'toggle_safety' }
  | { kind: 'toggle_approval' }
  /** `run`: the run the panels show (null: the only one). */
  | { kind: 'fault'; fault: string; target: string | null; run: string | null }
  | { kind: 'kill' }
  | { kind: 'restart_children' }
  | { kind: 'quit' }

export interface FaultChoice {
  name: string
  targeted: boolean
  /** The members it can land on; every member when omitted. */
  targets?: readonly string[]
}

/**
 * `refusal`: why faults cannot be injected on a run (an attached cluster
 * without --allow-faults), or null; the fault menu then says so instead.
 */
export function handleKey(
  vm: ViewModel,
  key: KeyPress,
  faults: readonly FaultChoice[],
  refusal: (runId: string | null) => string | null = () => null,
): Command | null {
  const ch = key.ch ?? ''
  if (key.ctrl && key.name === 'c') return { kind: 'quit' }
  const overlay = vm.overlay
  if (overlay) {
    switch (overlay.kind) {
      case 'confirm_kill':
        vm.overlay = null
        return ch === 'y' || ch === 'Y' ? { kind: 'kill' } : null
      case 'confirm_unlatch':
        vm.overlay = null
        return ch === 'y' || ch === 'Y' ? { kind: 'toggle_safety' } : null
      case 'faults': {
        if (key.name === 'escape' || ch === 'q' || ch === 'f') vm.overlay = null
        else if (key.name === 'up' || ch === 'k') overlay.selected = Math.max(0, overlay.selected - 1)
        else if (key.name === 'down' || ch === 'j')
          overlay.selected = Math.min(overlay.items.length - 1, overlay.selected + 1)
        else if (key.name === 'enter' || key.name === 'return') {
          const item = overlay.items[overlay.selected]
          vm.overlay = null
          if (item) return { kind: 'fault', fault: item.fault, target: item.target, run: vm.run.id }
        }
        return null
      }
      case 'filter': {
        if (key.name === 'escape') {
          delete vm.filters[vm.focus]
          vm.overlay = null
        } else if (key.name === 'enter' || key.name === 'return') {
          if (overlay.text) vm.filters[vm.focus] = overlay.text
          else delete vm.filters[vm.focus]
          vm.overlay = null
        } else if (key.name === 'backspace') overlay.text = overlay.text.slice(0, -1)
        else if (ch && ch >= ' ' && !key.ctrl) overlay.text += ch
        return null
      }
      case 'message': {
        // The `return` twin of the enter that opened it must not close it.
        if (key.name === 'return') return null
        const by = messageScroll(key, ch)
        // Bounded at the top only: the screen clamps the offset to the message's height.
        if (by !== 0) overlay.scroll = Math.max(0, (overlay.scroll ?? 0) + by)
        else vm.overlay = null
        return null
      }
      case 'help':
        // Any key closes it (q too, without quitting).
        vm.overlay = null
        return null
    }
  }
  switch (ch) {
    case 'q':
      return { kind: 'quit' }
    case '?':
      vm.overlay = vm.extraKeys.length > 0 ? { kind: 'help', extra: vm.extraKeys } : { kind: 'help' }
      return null
    case 'a':
    case 'r': {
      const p = vm.selectedProposal()
      if (!p) {
        vm.flash = { text: 'nothing awaiting approval', tone: 'info', at: Date.now() }
        return null
      }
      return { kind: ch === 'a' ? 'approve' : 'reject', proposalId: p.id, contentHash: p.content_hash }
    }
    case 'm':
      if (vm.modes?.kill_latched && vm.modes.safety !== 'execute') {
        vm.overlay = { kind: 'confirm_unlatch' }
        return null
      }
      return { kind: 'toggle_safety' }
    case 'A':
      return { kind: 'toggle_approval' }
    case 'K':
      vm.overlay = { kind: 'confirm_kill' }
      return null
    case 'R':
      return { kind: 'restart_children' }
    case 'f': {
      const refused = refusal(vm.run.id)
      vm.overlay = refused
        ? {
            kind: 'message',
            title: 'Faults',
            lines: [refused, 'attach it again with --allow-faults to inject them'],
            tone: 'warn',
          }
        : { kind: 'faults', items: faultItems(vm, faults), selected: 0 }
      return null
    }
    case '/':
      if (vm.focus === 'monitor' || vm.focus === 'agent')
        vm.overlay = { kind: 'filter', text: vm.filters[vm.focus] ?? '' }
      else vm.flash = { text: 'focus the Monitor or Agent panel (tab) to filter it', tone: 'info', at: Date.now() }
      return null
    case '[':
    case ']':
      vm.cycleRun(ch === ']' ? 1 : -1)
      return null
    case 'j':
      scroll(vm, 1)
      return null
    case 'k':
      scroll(vm, -1)
      return null
  }
  // Enter arrives twice from blessed, as `enter` then `return`: only the first counts.
  if (key.name === 'enter') {
    if (vm.focus === 'monitor' || vm.focus === 'agent') vm.expand(vm.focus)
    else vm.flash = { text: 'focus the Agent panel (tab) to open a model line', tone: 'info', at: Date.now() }
  } else if (key.name === 'tab') vm.cycleFocus(key.shift ? -1 : 1)
  else if (key.name === 'down') scroll(vm, 1)
  else if (key.name === 'up') scroll(vm, -1)
  else if (key.name === 'pagedown') scroll(vm, 10)
  else if (key.name === 'pageup') scroll(vm, -10)
  return null
}

/** Rows a key scrolls an open message by: j/↓ and k/↑ one, page down/up ten; 0 for any other key, which closes it. */
function messageScroll(key: KeyPress, ch: string): number {
  if (key.name === 'down' || ch === 'j') return 1
  if (key.name === 'up' || ch === 'k') return -1
  if (key.name === 'pagedown') return 10
  if (key.name === 'pageup') return -10
  return 0
}

/** Down moves towards newer lines (or the next proposal); up towards older. */
function scroll(vm: ViewModel, delta: number): void {
  if (vm.focus === 'proposals') vm.moveSelection(delta)
  else if (vm.focus === 'monitor' || vm.focus === 'agent')
    vm.scroll[vm.focus] = Math.max(0, vm.scroll[vm.focus] - delta)
}

/** The fault menu: each targeted fault once per member it can land on, then the cluster-wide ones. */
export function faultItems(
  vm: ViewModel,
  faults: readonly FaultChoice[],
): { label: string; fault: string; target: string | null }[] {
  const members = vm.cluster?.rows.map((r) => r.cells[0] ?? '').filter(Boolean) ?? []
  const names = members.length > 0 ? members : ['m1', 'm2', 'm3']
  const items: { label: string; fault: string; target: string | null }[] = []
  for (const f of faults) {
    if (f.targeted)
      for (const m of names.filter((n) => f.targets?.includes(n) ?? true))
        items.push({ label: `${f.name.replace(/_/g, ' ')}  ${m}`, fault: f.name, target: m })
    else items.push({ label: f.name.replace(/_/g, ' '), fault: f.name, target: null })
  }
  return items
}

export const DEAD_CHILDREN = (vm: ViewModel): ChildName[] =>
  [...vm.children.values()].filter((c) => c.status === 'dead').map((c) => c.name)
