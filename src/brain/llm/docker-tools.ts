/**
 * On the docker runtime the model also reads containers: the catalogue's
 * read-only Docker actions (docker_logs, docker_inspect — low risk, tier 1,
 * scoped to this run's managed containers) become tools that run at once,
 * like the other read-only tools: no proposal, recorded as brain.tool events.
 * Nothing that changes a container is among them.
 */
import { z } from 'zod'
import { systemClock } from '../../core/clock.js'
import type { Subject } from '../../core/subject.js'
import type { ReadTool } from './tools.js'

/** The read-only Docker actions the model may call directly. */
export const DOCKER_READ_ACTIONS = ['docker_logs', 'docker_inspect'] as const

/** Whether the observation shows members in containers (the docker runtime). */
function onDocker(observation: unknown): boolean {
  const members = (observation as { members?: { container?: unknown }[] } | null)?.members
  return Array.isArray(members) && members.some((m) => typeof m.container === 'string')
}

export function dockerReadTools(subject: Subject, observation: unknown): ReadTool[] {
  if (!onDocker(observation)) return []
  return subject.actions
    .filter((a) => (DOCKER_READ_ACTIONS as readonly string[]).includes(a.name))
    .map((a) => ({
      spec: {
        name: a.name,
        description: `${a.description} Read-only: runs at once.`,
        input_schema: z.toJSONSchema(a.params, { io: 'input' }) as Record<string, unknown>,
      },
      async run(input, _deps, signal) {
        const params = a.params.safeParse(input)
        if (!params.success) return { error: `invalid params: ${z.prettifyError(params.error)}` }
        return a.run(params.data, { signal, clock: systemClock, log: () => undefined })
      },
    }))
}
