/**
 * Dangerous-command scan: commands that destroy a machine, its disks or
 * every process on it are refused before a script runs, even though the
 * sandbox would contain most of them — a proposal that tries is itself a
 * sign something is wrong. Line-based and deliberately conservative: a
 * false alarm costs a rewrite, a miss could cost a host. The same patterns
 * apply to node scripts, whose shell commands sit in strings.
 */
import type { ScriptFinding } from './script-finding.js'

export interface DangerRule {
  id: string
  message: string
  pattern: RegExp
}

/** Where a command can start: line start, after ; & | ( { ` $( or a quote, or after sudo/exec/xargs/nohup. */
const AT_COMMAND = String.raw`(?:^|[;&|({\x60'"]\s*|\$\(\s*|\b(?:sudo|exec|nohup|xargs|command|env)\s+)`
const at = (body: string, flags = '') => new RegExp(`${AT_COMMAND}${body}`, flags)

/** Top-level directories whose recursive removal wrecks a system. */
const SYSTEM_DIRS = '(?:bin|boot|dev|etc|home|lib|lib32|lib64|opt|proc|root|run|sbin|srv|sys|usr|var)'
const ROOT_TARGET = String.raw`(?:\/\*?|\/${SYSTEM_DIRS}\/?\*?|~\/?\*?|\$HOME\/?\*?|"\$HOME"\/?)`
const BLOCK_DEVICE = String.raw`\/dev\/(?:sd|hd|vd|xvd|nvme|mmcblk|dm-|md|loop|disk\/)`

export const DANGER_RULES: readonly DangerRule[] = [
  {
    id: 'dangerous.rm_rf_root',
    message: 'recursive removal of / or a system directory',
    pattern: at(
      String.raw`rm\s+(?:-{1,2}[\w-]+\s+)*?-(?:[a-zA-Z]*[rR][a-zA-Z]*|-recursive)\s+(?:-{1,2}[\w-]+\s+)*${ROOT_TARGET}(?=$|[\s;&|)'"\x60])`,
    ),
  },
  { id: 'dangerous.no_preserve_root', message: 'rm --no-preserve-root', pattern: /--no-preserve-root\b/ },
  {
    id: 'dangerous.node_rm_root',
    message: 'recursive removal of / or a system directory from node',
    pattern: new RegExp(String.raw`\b(?:rm|rmdir|rmSync|rmdirSync)\s*\(\s*['"\x60]${ROOT_TARGET}['"\x60]`),
  },
  {
    id: 'dangerous.mkfs',
    message: 'formatting a filesystem (mkfs, mke2fs, wipefs)',
    pattern: at(String.raw`(?:mkfs(?:\.\w+)?|mke2fs|mkswap|wipefs)(?=$|\s)`),
  },
  {
    id: 'dangerous.dd_device',
    message: 'dd writing to a device',
    pattern: /\bdd\b[^\n]*\bof=\/dev\/(?!null\b|zero\b|stdout\b|stderr\b)/,
  },
  {
    id: 'dangerous.write_block_device',
    message: 'writing to a block device',
    pattern: new RegExp(
      String.raw`(?:>{1,2}\s*|\btee\s+(?:-a\s+)?|\b(?:writeFileSync|writeFile|appendFileSync|createWriteStream|openSync)\s*\(\s*['"\x60])${BLOCK_DEVICE}`,
    ),
  },
  {
    id: 'dangerous.fork_bomb',
    message: 'a fork bomb (a function piping into itself in the background)',
    pattern: /(?:^|[\s;&|])([:\w]+)\s*\(\)\s*\{[^}]*?\1\s*\|\s*\1\s*&/,
  },
  {
    id: 'dangerous.pipe_to_shell',
    message: 'downloading code and running it (curl/wget piped to a shell)',
    pattern:
      /\b(?:curl|wget|fetch)\b[^\n|]*\|\s*(?:sudo\s+)?(?:env\s+)?(?:ba|z|k|da|fi)?sh\b|\b(?:ba|z|da)?sh\s+(?:-c\s+)?["']?\s*(?:<\(|\$\()\s*(?:curl|wget)\b/,
  },
  {
    id: 'dangerous.shutdown',
    message: 'shutting down or rebooting the machine',
    pattern: at(
      String.raw`(?:shutdown|reboot|halt|poweroff|telinit\s+[06]|init\s+[06]|systemctl\s+(?:\S+\s+)*(?:reboot|poweroff|halt|kexec))(?=$|[\s;&|)'"\x60])`,
    ),
  },
  { id: 'dangerous.sysrq', message: 'triggering the kernel (sysrq)', pattern: /\/proc\/sysrq-trigger/ },
  {
    id: 'dangerous.chmod_root',
    message: 'opening up permissions on / or a system directory',
    pattern: new RegExp(
      String.raw`\bch(?:mod|own|grp)\s+(?:-{1,2}[\w-]+\s+)*\S+\s+(?:-{1,2}[\w-]+\s+)*${ROOT_TARGET}(?=$|[\s;&|)'"\x60])`,
    ),
  },
  {
    id: 'dangerous.kill_all',
    message: 'signalling every process (kill -1, killall5)',
    pattern:
      /\bkill\s+(?:-s\s+\w+\s+|-[A-Za-z0-9]+\s+)*(?:--\s+)?-1(?=\s*(?:$|[;&|)]))|\bkillall5\b|\bprocess\.kill\(\s*-1\b/,
  },
  {
    id: 'dangerous.docker_socket',
    message: 'reaching the Docker engine socket (an escape from any container)',
    pattern: /docker\.sock\b/,
  },
  {
    id: 'dangerous.overwrite_boot',
    message: 'writing to the boot loader or kernel',
    pattern: /(?:>{1,2}\s*|\btee\s+)\/boot\//,
  },
  {
    id: 'dangerous.move_system',
    message: 'moving / or a system directory away',
    pattern: at(String.raw`mv\s+(?:-{1,2}[\w-]+\s+)*${ROOT_TARGET}(?=\s)`),
  },
]

export function scanDangerous(script: string): ScriptFinding[] {
  const findings: ScriptFinding[] = []
  script.split('\n').forEach((text, i) => {
    const seen = new Set<string>()
    for (const rule of DANGER_RULES) {
      if (seen.has(rule.id) || !rule.pattern.test(text)) continue
      seen.add(rule.id)
      findings.push({ line: i + 1, rule: rule.id, message: rule.message })
    }
  })
  return findings
}
