/**
 * The built-in policy, used when no policy file is given: low and medium
 * risk subject actions are allowed; high and critical ones need one person;
 * everything else (docker, host, script actions) needs one person too.
 */
import type { PolicyFile } from './schema.js'

export const BUILT_IN_POLICY: PolicyFile = {
  version: 1,
  roles: {},
  rules: [
    { id: 'built-in.subject-low-medium', match: { kind: 'subject', risk: ['low', 'medium'] }, decision: 'allow' },
    { id: 'built-in.read-only-low', match: { kind: 'docker', risk: 'low' }, decision: 'allow' },
    {
      id: 'built-in.high-critical',
      match: { risk: ['high', 'critical'] },
      decision: 'require_approval',
      min_approvals: 1,
    },
  ],
  default: 'require_approval',
}
