import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES, type ErrorCode, OperatorError } from '../core/errors.js'
import { REDACTED } from '../core/redact.js'
import { ErrorObject } from './common.js'
import { errorObject, errorText } from './error-object.js'

/** One golden pair per code: `UPDATE_GOLDEN=1 npx vitest run src/contract/error-object.test.ts` rewrites them. */
const GOLDEN = fileURLToPath(new URL('../../test/golden/errors/', import.meta.url))
const UPDATE = process.env.UPDATE_GOLDEN === '1'

const err = (...args: ConstructorParameters<typeof OperatorError>) => new OperatorError(...args)
const DB = '/home/op/.operator/operator.db'

/** A representative failure of each code, as its site throws it; `internal` is anything that is not an OperatorError. */
const SAMPLES: Record<ErrorCode, unknown> = {
  usage: err('usage', "unknown option '--colour'", 'see `operator tickets --help`'),
  config_invalid: err('config', 'OPERATOR_SAFETY_MODE="yolo" is not a safety mode', 'set it to observe or execute'),
  policy_invalid: err(
    'config',
    'policy bad.yaml:3: rules.0.decision: Invalid option: expected one of "allow"|"require_approval"|"deny"',
    'fix it and check with `operator policy check bad.yaml`',
    { code: 'policy_invalid' },
  ),
  scenario_invalid: err(
    'config',
    'scenario broken.yaml has 1 problem (above); nothing was started',
    'fix it and check with `operator scenario validate broken.yaml`',
    { code: 'scenario_invalid' },
  ),
  secret_missing: err(
    'config',
    'ANTHROPIC_API_KEY is not set',
    'set ANTHROPIC_API_KEY, or OPERATOR_LLM_KEY_FILE to a file holding the key',
    { code: 'secret_missing' },
  ),
  database_corrupt: err(
    'database',
    `${DB} is not a SQLite database or is corrupt (file is not a database)`,
    'move it aside and let Operator create a new one, or point OPERATOR_DB elsewhere',
    { code: 'database_corrupt' },
  ),
  database_foreign: err(
    'database',
    `${DB} is a SQLite database that does not belong to Operator`,
    'point OPERATOR_DB or OPERATOR_HOME at another location; Operator will not write to it',
    { code: 'database_foreign' },
  ),
  cluster_unreachable: err(
    'cluster_unreachable',
    'no member answers: cannot fill the quota',
    'bring the cluster up first',
  ),
  docker_unavailable: err(
    'config',
    'no Docker engine answers (tried unix:///var/run/docker.sock)',
    'run `bash scripts/setup.sh` (it installs docker.io and starts dockerd) or set DOCKER_HOST',
    { code: 'docker_unavailable' },
  ),
  etcd_missing: err(
    'subject',
    'cannot start etcd member m1 (etcd): spawn etcd ENOENT',
    'install etcd-server (`apt-get install etcd-server`) or set OPERATOR_ETCD_BINARY',
    { code: 'etcd_missing' },
  ),
  not_found: err('not_found', 'no proposal P-404', 'list proposals with `operator proposals`'),
  agent_not_running: err('not_found', 'no agent is running on run etcd-1', 'start one with `operator agent`', {
    code: 'agent_not_running',
  }),
  conflict: err('conflict', 'etcd run etcd-1 is already up (m1, m2, m3 running)', 'run `operator cluster down` first'),
  safety_refused: err(
    'safety',
    'approver key file /home/op/alice.key is a symbolic link (to /tmp/k): refused',
    'give your own key file',
  ),
  policy_denied: err(
    'safety',
    'the policy denies restart_member on m1 (rule no-restarts)',
    'see why with `operator policy explain restart_member`',
    { code: 'policy_denied' },
  ),
  approval_missing: err(
    'safety',
    'mallory is not an allowed approver for P-3 under rule two-people-restart',
    'ask one of: alice, bob',
    { code: 'approval_missing' },
  ),
  token_invalid: err(
    'safety',
    'the signature for bob on P-3 does not verify with their key (rule two-people-restart)',
    'sign again: `operator approve P-3 --as bob --key-file PATH`',
    { code: 'token_invalid' },
  ),
  kill_switch_latched: err(
    'safety',
    'the kill switch is latched: nothing executes',
    'once the cause is understood, `operator mode execute` releases it',
    { code: 'kill_switch_latched' },
  ),
  observe_mode: err('safety', 'observe mode: the plan was recorded, nothing executed', 'run `operator mode execute`', {
    code: 'observe_mode',
  }),
  budget_exceeded: err(
    'safety',
    "the model brain's budget is spent: 24 tool calls",
    'raise OPERATOR_LLM_MAX_TOOL_CALLS, or let a person take the ticket',
    { code: 'budget_exceeded' },
  ),
  provider_unavailable: err(
    'subject',
    'the model provider did not answer (HTTP 503)',
    'run it again later, or check OPERATOR_LLM_BASE_URL',
    { code: 'provider_unavailable' },
  ),
  subject_failed: err(
    'subject',
    'etcd cluster etcd-1 not healthy after 30 s: no leader',
    'see the member logs in /home/op/.operator/runs/etcd-1/logs',
  ),
  audit_broken: err(
    'safety',
    'audit chain broken at seq 1: its hash does not match its content',
    'investigate the log, then `operator audit reanchor --as NAME --reason TEXT`',
    { code: 'audit_broken' },
  ),
  internal: new TypeError("Cannot read properties of undefined (reading 'id')"),
}

function golden(name: string, actual: string): string {
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true })
    writeFileSync(`${GOLDEN}${name}`, actual)
  }
  return readFileSync(`${GOLDEN}${name}`, 'utf8')
}

describe('the error object', () => {
  it.each(ERROR_CODES)('renders %s as the golden JSON and line', (code) => {
    const obj = errorObject(SAMPLES[code])
    expect(obj.error.category).toBe(code)
    const json = `${JSON.stringify(obj, null, 2)}\n`
    const stored = golden(`${code}.json`, json)
    expect(ErrorObject.parse(JSON.parse(stored))).toEqual(obj)
    expect(stored).toBe(json)
    const line = `${errorText(obj)}\n`
    expect(golden(`${code}.txt`, line)).toBe(line)
  })

  it('has a golden pair for every code and for no other', () => {
    const files = readdirSync(GOLDEN).sort()
    const expected = ERROR_CODES.flatMap((c) => [`${c}.json`, `${c}.txt`]).sort()
    expect(files).toEqual(expected)
  })

  it('reports anything that is not an OperatorError as internal, exit 70', () => {
    expect(errorObject('a string thrown').error).toMatchObject({
      category: 'internal',
      exit_code: 70,
      message: 'unexpected error: a string thrown',
      next_action: 'ask_user',
    })
  })

  it('redacts secrets in the message and the hint before anything is shown', () => {
    const leaky = err('config', 'cannot reach https://alice:hunter2@llm.example/v1', 'check password=hunter2 again')
    const obj = errorObject(leaky)
    expect(JSON.stringify(obj)).not.toContain('hunter2')
    expect(errorText(obj)).toContain(REDACTED)
  })
})
