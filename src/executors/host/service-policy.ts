/**
 * Which services the host executor may act on: a valid name, not on the
 * forbidden list (which always wins), and on the allowlist from config
 * (OPERATOR_SERVICE_ALLOWLIST, comma-separated, or an option). An empty
 * allowlist, the default, allows nothing.
 */
import { OperatorError } from '../../core/errors.js'
import { FORBIDDEN_SERVICES, forbiddenMatch } from './forbidden-services.js'
import { checkServiceName, type ServiceNameRule } from './service-name.js'

export const ALLOWLIST_ENV = 'OPERATOR_SERVICE_ALLOWLIST'

export type ServiceRule = ServiceNameRule | 'forbidden' | 'not_allowlisted'

export type ServiceDecision =
  | { ok: true; name: string; unit: string }
  | { ok: false; rule: ServiceRule; reason: string }

export interface ServicePolicy {
  /** Normalised names (no `.service` suffix). */
  allowlist: ReadonlySet<string>
  forbidden: readonly string[]
  check(service: string): ServiceDecision
}

/** Parses a comma-separated allowlist; an invalid entry is a config error, never silently dropped. */
export function parseAllowlist(value: string | undefined): string[] {
  if (value === undefined) return []
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
}

export function createServicePolicy(
  allowlist: readonly string[],
  forbidden: readonly string[] = FORBIDDEN_SERVICES,
): ServicePolicy {
  const allowed = new Set<string>()
  for (const entry of allowlist) {
    const checked = checkServiceName(entry)
    if (!checked.ok) {
      throw new OperatorError(
        'config',
        `service allowlist entry ${JSON.stringify(entry)} is invalid: ${checked.reason}`,
        `fix ${ALLOWLIST_ENV} (comma-separated service names)`,
      )
    }
    allowed.add(checked.name)
  }
  return {
    allowlist: allowed,
    forbidden,
    check(service) {
      const checked = checkServiceName(service)
      if (!checked.ok) return checked
      const hit = forbiddenMatch(checked.name, forbidden)
      if (hit !== null) {
        return {
          ok: false,
          rule: 'forbidden',
          reason: `${checked.name} is on the forbidden list (${hit}); the host executor never acts on it, even when allowlisted`,
        }
      }
      if (!allowed.has(checked.name)) {
        return {
          ok: false,
          rule: 'not_allowlisted',
          reason: `${checked.name} is not on the service allowlist (${ALLOWLIST_ENV})`,
        }
      }
      return checked
    },
  }
}
