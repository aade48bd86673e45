/**
 * Services the host executor never touches, whatever the allowlist says: the
 * ones that keep the machine reachable (ssh, networking, firewall), bootable
 * and logged in (systemd's own units, dbus, udev, getty, login, polkit), its
 * record of what happened (journald, syslog, auditd), and the Docker engine
 * the operator itself and the cluster being repaired run on. Stopping any of
 * them can lock people out, lose evidence, or take down the subject with the
 * operator; a person does that by hand, not an agent.
 */

/**
 * Exact names, or prefixes ending in `*`. Compared case-insensitively with the
 * service name and, for a template instance (`getty@tty1`), with the part
 * before the `@`.
 */
export const FORBIDDEN_SERVICES: readonly string[] = [
  // Remote access
  'ssh',
  'sshd',
  'openssh-server',
  'dropbear',
  // The init system and the buses it runs on
  'init',
  'systemd',
  'systemd-*',
  'dbus',
  'dbus-broker',
  'udev',
  'polkit',
  'polkitd',
  'user',
  'user-runtime-dir',
  // Logins and consoles
  'getty',
  'serial-getty',
  'console-getty',
  'container-getty',
  'autovt',
  'login',
  'logind',
  // Networking and the firewall
  'networking',
  'network',
  'network-manager',
  'networkmanager',
  'networkd-dispatcher',
  'wpa_supplicant',
  'firewalld',
  'ufw',
  'nftables',
  'iptables',
  'netfilter-persistent',
  'apparmor',
  // Evidence: logs and the audit trail
  'journald',
  'rsyslog',
  'syslog',
  'syslog-ng',
  'auditd',
  // Scheduled jobs
  'cron',
  'crond',
  'anacron',
  'atd',
  // The container engine the operator and the cluster run on
  'docker',
  'dockerd',
  'containerd',
  // Whole-machine state changes that exist as services
  'emergency',
  'rescue',
  'reboot',
  'poweroff',
  'halt',
  'shutdown',
  'kexec',
]

/** The forbidden entry that matches a (normalised) service name, or null. */
export function forbiddenMatch(name: string, forbidden: readonly string[] = FORBIDDEN_SERVICES): string | null {
  const lower = name.toLowerCase()
  const at = lower.indexOf('@')
  const candidates = at > 0 ? [lower, lower.slice(0, at)] : [lower]
  for (const entry of forbidden) {
    const pattern = entry.toLowerCase()
    const hit = pattern.endsWith('*')
      ? candidates.some((c) => c.startsWith(pattern.slice(0, -1)))
      : candidates.includes(pattern)
    if (hit) return entry
  }
  return null
}
