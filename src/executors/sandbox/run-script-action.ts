/**
 * run_script: an agent's bash or node script, validated before anything runs
 * (size, syntax, secrets, dangerous commands — each finding names its line
 * and rule, reported through the params schema) and executed in the sandbox.
 * High risk, tier 3: never auto-approved.
 */

import { z } from 'zod'
import { actionSpec } from '../../core/action.js'
import { errorMessage } from '../../core/errors.js'
import type { ActionContext } from '../../core/subject.js'
import { defineAction, failed, ok } from '../action-result.js'
import type { EngineGetter } from '../docker/engine.js'
import { DEFAULT_SCRIPT_TIMEOUT_MS, MAX_SCRIPT_TIMEOUT_MS, runInSandbox, type SandboxResult } from './run-sandbox.js'
import { describeFinding, SCRIPT_LANGUAGES } from './script-finding.js'
import { validateScript } from './validate-script.js'

export const RunScriptParams = z
  .strictObject({
    language: z.enum(SCRIPT_LANGUAGES),
    script: z.string().min(1),
    timeout_ms: z.number().int().min(100).max(MAX_SCRIPT_TIMEOUT_MS).default(DEFAULT_SCRIPT_TIMEOUT_MS),
  })
  .superRefine((p, ctx) => {
    for (const finding of validateScript(p.language, p.script))
      ctx.addIssue({ code: 'custom', path: ['script'], message: describeFinding(finding), params: { ...finding } })
  })

export type RunScriptParams = z.infer<typeof RunScriptParams>

export interface RunScriptDeps {
  getEngine: EngineGetter
  /** The run whose containers these are: the kill switch finds them by it. */
  runId: string
}

export const RUN_SCRIPT = actionSpec({
  name: 'run_script',
  kind: 'script',
  description:
    `Run a bash or node script in a sandbox container to gather data or repair: no network, 512 MiB, 1 CPU, 100 pids, non-root, read-only root with a 16 MiB /tmp; ` +
    `time limit timeout_ms (default ${DEFAULT_SCRIPT_TIMEOUT_MS}, at most ${MAX_SCRIPT_TIMEOUT_MS}); output bounded to 64 KiB per stream.`,
  params: RunScriptParams,
  risk: 'high',
  tier: 3,
})

export function runScriptAction(deps: RunScriptDeps) {
  return defineAction({
    ...RUN_SCRIPT,
    async run(p: RunScriptParams, ctx: ActionContext) {
      let engine: Awaited<ReturnType<EngineGetter>>
      try {
        engine = await deps.getEngine(ctx.signal)
      } catch (err) {
        ctx.signal.throwIfAborted()
        return failed('run_script: no Docker engine', errorMessage(err))
      }
      let r: SandboxResult
      try {
        r = await runInSandbox(engine, {
          language: p.language,
          script: p.script,
          timeoutMs: p.timeout_ms,
          runId: deps.runId,
          ...(ctx.proposal_id ? { proposalId: ctx.proposal_id } : {}),
          signal: ctx.signal,
          log: ctx.log,
        })
      } catch (err) {
        ctx.signal.throwIfAborted()
        return failed('run_script: the sandbox failed', errorMessage(err))
      }
      const details = { ...r, language: p.language }
      if (r.timed_out) return failed(`script ran past ${p.timeout_ms} ms and was killed`, r.explanation, details)
      if (r.oom) return failed('script ran out of memory (512 MiB) and was killed', r.explanation, details)
      if (r.exit_code !== 0)
        return failed(
          `script failed: ${r.explanation}`,
          r.stderr.trim().split('\n').slice(-3).join('\n') || r.explanation,
          details,
        )
      return ok(`script finished in ${r.run_ms} ms (exit 0)`, details)
    },
  })
}
