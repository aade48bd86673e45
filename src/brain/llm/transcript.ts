/**
 * The model brain's conversation as audit events (`brain.*`, redacted by the
 * store like every event) and read back per ticket: `operator brain
 * transcript TICKET` and `operator proposal ID` (the turn that proposed it).
 */
import { canonicalJson } from '../../core/canonical-json.js'
import type { AuditEvent, Proposal } from '../../core/records.js'
import type { Store } from '../../store/store.js'

export const BRAIN_EVENTS = [
  'brain.started',
  'brain.request',
  'brain.response',
  'brain.tool',
  'brain.tool_result',
  'brain.fallback',
  'brain.budget_exceeded',
  'brain.ended',
] as const

export function recordBrain(
  store: Store,
  runId: string,
  actor: string,
  type: string,
  payload: Record<string, unknown>,
): void {
  store.append({ run_id: runId, actor, type, payload })
}

/** Every brain event of one ticket, in order. */
export function transcript(store: Store, ticketId: string): AuditEvent[] {
  return store.events({ types: [...BRAIN_EVENTS] }).filter((e) => e.payload.ticket_id === ticketId)
}

/** One line per event, for people. */
export function transcriptLines(events: readonly AuditEvent[]): string[] {
  return events.map((e) => {
    const p = e.payload
    const when = new Date(e.ts).toISOString().slice(11, 23)
    switch (e.type) {
      case 'brain.started':
        return `${when} started ${String(p.provider)}:${String(p.model)}`
      case 'brain.request':
        return `${when} → turn ${String(p.turn)}: ${summarize(p.message)}`
      case 'brain.response': {
        const u = p.usage as { input_tokens?: number; output_tokens?: number } | undefined
        const cost = typeof p.cost_usd === 'number' ? ` ~$${p.cost_usd.toFixed(4)}` : ''
        return `${when} ← turn ${String(p.turn)} (${u?.input_tokens ?? 0}+${u?.output_tokens ?? 0} tokens${cost}, ${String(p.duration_ms)} ms): ${summarize({ content: p.content })}`
      }
      case 'brain.tool':
        return `${when}   tool ${String(p.tool)} ${JSON.stringify(p.input)}`
      case 'brain.tool_result':
        return `${when}   plan ${String(p.outcome)}: ${String(p.result).replace(/\s+/g, ' ').slice(0, 200)}`
      default:
        return `${when} ${e.type.replace('brain.', '')} ${JSON.stringify({ ...p, ticket_id: undefined })}`
    }
  })
}

/** The model turn that proposed a plan: its number, the model that answered and its text on one line. */
export interface ProposingTurn {
  turn: number
  model: string
  text: string
}

/**
 * The model turn that proposed this proposal: the latest `brain.response` of
 * its ticket recorded before the proposal was (its proposal.proposed event)
 * with a propose_plan call whose step at the proposal's step has the
 * proposal's action and params (both as stored, redacted alike). Null when
 * the model proposed no such plan (the playbook did, or there was no model).
 */
export function proposingTurn(
  store: Store,
  p: Pick<Proposal, 'id' | 'ticket_id' | 'step' | 'action' | 'params' | 'created_at'>,
): ProposingTurn | null {
  const wanted = canonicalJson({ action: p.action, params: p.params })
  const proposes = (block: Record<string, unknown>): boolean => {
    if (block.type !== 'tool_use' || block.name !== 'propose_plan') return false
    const steps = (block.input as { steps?: unknown } | null)?.steps
    const step = Array.isArray(steps)
      ? (steps[p.step] as { action?: unknown; params?: unknown } | undefined)
      : undefined
    if (step === null || typeof step !== 'object') return false
    return canonicalJson({ action: step.action, params: step.params ?? {} }) === wanted
  }
  let found: AuditEvent | undefined
  for (const e of store.events({ types: ['brain.response', 'proposal.proposed'] })) {
    if (e.payload.ticket_id !== p.ticket_id) continue
    if (e.type === 'proposal.proposed') {
      if (e.payload.proposal_id === p.id) break
    } else if (
      e.ts <= p.created_at &&
      Array.isArray(e.payload.content) &&
      (e.payload.content as Record<string, unknown>[]).some(proposes)
    )
      found = e
  }
  if (!found) return null
  const content = found.payload.content as Record<string, unknown>[]
  return {
    turn: Number(found.payload.turn),
    model: String(found.payload.model),
    text: content
      .flatMap((b) => (b.type === 'text' ? [String(b.text)] : []))
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim(),
  }
}

function summarize(message: unknown): string {
  const content = (message as { content?: unknown } | null)?.content
  if (!Array.isArray(content)) return ''
  return content
    .map((b: Record<string, unknown>) =>
      b.type === 'text'
        ? String(b.text)
        : b.type === 'tool_use'
          ? `[${String(b.name)}]`
          : `[result ${String(b.content).length} chars${b.is_error ? ', error' : ''}]`,
    )
    .join(' ')
    .replace(/\s+/g, ' ')
    .slice(0, 240)
}
