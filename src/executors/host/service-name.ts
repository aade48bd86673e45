/**
 * Validating and normalising a service name before it reaches systemctl:
 * letters, digits and `@._-` only, no path separators or `..`, nothing that
 * reads as an option, bounded length, services only (not sockets, timers,
 * targets…). An optional `.service` suffix is dropped, so `nginx` and
 * `nginx.service` name the same service.
 */

export const SERVICE_NAME_PATTERN = /^[A-Za-z0-9@._-]+$/
/** Longest name accepted, without the `.service` suffix (systemd allows 255 with it). */
export const MAX_SERVICE_NAME_LENGTH = 128

const SERVICE_SUFFIX = '.service'
const OTHER_UNIT_SUFFIXES = [
  '.socket',
  '.timer',
  '.target',
  '.mount',
  '.automount',
  '.path',
  '.slice',
  '.scope',
  '.device',
  '.swap',
] as const

/** Why a name was refused; each is reported as the refusal's rule. */
export type ServiceNameRule =
  | 'name_empty'
  | 'name_too_long'
  | 'name_traversal'
  | 'name_characters'
  | 'name_option_like'
  | 'name_template'
  | 'not_a_service'

export type ServiceNameCheck =
  | {
      ok: true
      /** The name without the `.service` suffix: what allowlists and the forbidden list match. */
      name: string
      /** The full unit name handed to the service manager. */
      unit: string
    }
  | { ok: false; rule: ServiceNameRule; reason: string }

const refuse = (rule: ServiceNameRule, reason: string): ServiceNameCheck => ({ ok: false, rule, reason })

export function checkServiceName(raw: string): ServiceNameCheck {
  if (raw.includes('/') || raw.includes('\\') || raw.includes('..')) {
    return refuse('name_traversal', `service name ${JSON.stringify(raw)} contains a path separator or ".."`)
  }
  const name = raw.endsWith(SERVICE_SUFFIX) ? raw.slice(0, -SERVICE_SUFFIX.length) : raw
  if (name.length === 0) return refuse('name_empty', 'the service name is empty')
  if (name.length > MAX_SERVICE_NAME_LENGTH)
    return refuse('name_too_long', `service names are at most ${MAX_SERVICE_NAME_LENGTH} characters`)
  if (!SERVICE_NAME_PATTERN.test(name)) {
    return refuse('name_characters', `service name ${JSON.stringify(raw)} may only contain letters, digits and @ . _ -`)
  }
  if (name.startsWith('-') || name.startsWith('.'))
    return refuse('name_option_like', `service name ${JSON.stringify(raw)} must start with a letter, digit, @ or _`)
  const at = name.indexOf('@')
  if (at === 0 || at === name.length - 1 || (at > 0 && name.indexOf('@', at + 1) !== -1)) {
    return refuse(
      'name_template',
      `service name ${JSON.stringify(raw)} is not a service or a template instance (name@instance)`,
    )
  }
  const other = OTHER_UNIT_SUFFIXES.find((suffix) => name.endsWith(suffix))
  if (other !== undefined)
    return refuse('not_a_service', `${JSON.stringify(raw)} is a ${other.slice(1)} unit; only services can be acted on`)
  return { ok: true, name, unit: `${name}${SERVICE_SUFFIX}` }
}
