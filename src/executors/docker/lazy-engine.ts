/**
 * An engine getter for actions: finds the engine on first use (as every
 * command does), keeps it, and looks again after a failure — so a subject
 * loads without Docker and its Docker actions work once an engine answers.
 */
import { type Engine, type EngineGetter, requireEngine } from './engine.js'

export function lazyEngine(env: NodeJS.ProcessEnv = process.env): EngineGetter {
  let found: Engine | undefined
  return async (signal) => {
    found ??= await requireEngine(env, signal)
    return found
  }
}
