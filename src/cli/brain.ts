/**
 * `operator brain transcript TICKET`: the model brain's conversation about
 * one ticket, one line per recorded event (what it was asked, what it
 * answered, each tool it called, fallbacks, budgets), or the events as JSON.
 */
import type { Command } from 'commander'
import { z } from 'zod'
import { transcript, transcriptLines } from '../brain/llm/transcript.js'
import { output, parseOptions, withStore } from './context.js'

const TranscriptOptions = z.object({ json: z.boolean().optional() })

export function registerBrain(program: Command): void {
  const brain = program.command('brain').description('what the model brain was told and answered')
  brain
    .command('transcript')
    .description("a ticket's model conversation: requests, responses, tool calls, fallbacks, budgets")
    .argument('<ticket>', 'ticket id, e.g. T-3')
    .option('--json', 'print the events as JSON')
    .action(async (ticket: string, raw: unknown) => {
      const o = parseOptions(TranscriptOptions, raw, 'brain transcript')
      await withStore(
        (store) => {
          const id = store.ticket(ticket).id
          output(o.json, { ticket_id: id, events: transcript(store, id) }, (r) =>
            r.events.length === 0
              ? `no model conversation for ${id} (it was planned by the playbook)`
              : transcriptLines(r.events).join('\n'),
          )
        },
        { readonly: true },
      )
    })
}
