/**
 * The error part of the contract (README "Errors and exit codes"): any thrown
 * value as the one object a failing `--json` command prints on stdout, and as
 * the one line a person reads on stderr. Both are redacted: a secret that
 * found its way into a message never leaves the process.
 */
import { CODE_EXIT, type ErrorCode, errorMessage, isOperatorError } from '../core/errors.js'
import { redactText } from '../core/redact.js'
import { type ErrorObject, type NextActionName, SCHEMA_VERSION } from './common.js'

/** What a script or agent does next for each code; the hint says how for the case at hand. */
export const NEXT_ACTION_FOR: Record<ErrorCode, NextActionName> = {
  usage: 'rerun',
  config_invalid: 'ask_user',
  policy_invalid: 'ask_user',
  scenario_invalid: 'rerun',
  secret_missing: 'set_secret',
  database_corrupt: 'ask_user',
  database_foreign: 'ask_user',
  cluster_unreachable: 'start_cluster',
  docker_unavailable: 'start_docker',
  etcd_missing: 'install_dependency',
  not_found: 'rerun',
  agent_not_running: 'start_agent',
  conflict: 'ask_user',
  safety_refused: 'ask_user',
  policy_denied: 'review_policy_patch',
  approval_missing: 'approve_proposal',
  token_invalid: 'approve_proposal',
  kill_switch_latched: 'release_kill_switch',
  observe_mode: 'resume_execute_mode',
  budget_exceeded: 'ask_user',
  provider_unavailable: 'rerun',
  subject_failed: 'ask_user',
  audit_broken: 'verify_audit',
  internal: 'ask_user',
}

/** The hint for a value that is not an OperatorError: a bug, reported as `internal`. */
const UNEXPECTED_HINT = 'please report it with the command you ran'

/** The contract's error object for any thrown value; anything but an OperatorError is `internal`. */
export function errorObject(err: unknown): ErrorObject {
  const [code, message, hint]: [ErrorCode, string, string] = isOperatorError(err)
    ? [err.code, err.message, err.fix]
    : ['internal', `unexpected error: ${errorMessage(err)}`, UNEXPECTED_HINT]
  return {
    schema_version: SCHEMA_VERSION,
    error: {
      category: code,
      exit_code: CODE_EXIT[code],
      message: redactText(message),
      hint: redactText(hint),
      next_action: NEXT_ACTION_FOR[code],
    },
  }
}

/** The one line a person sees on stderr: the problem, then the fix. */
export function errorText(obj: ErrorObject): string {
  return `operator: ${obj.error.message} — ${obj.error.hint}`
}
