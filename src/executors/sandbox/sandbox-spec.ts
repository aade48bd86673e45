/**
 * The sandbox container's definition, as data: no network, 512 MiB memory
 * (no swap), one CPU, 100 pids, a non-root user, a read-only root with a
 * small tmpfs on /tmp, every capability dropped, no privilege gain, no log
 * kept by the engine (output is read by attaching), and the labels the kill
 * switch finds it by.
 */
import type Dockerode from 'dockerode'
import { operatorLabels } from '../docker/engine.js'
import { SANDBOX_UID } from '../docker/images.js'
import type { ScriptLanguage } from './script-finding.js'

export const SANDBOX_LIMITS = {
  memoryBytes: 512 * 1024 * 1024,
  nanoCpus: 1_000_000_000,
  pids: 100,
  tmpfs: 'rw,nosuid,nodev,size=16m,mode=1777',
} as const

export const LABEL_PROPOSAL = 'operator.proposal'

export interface SandboxSpecInput {
  image: string
  language: ScriptLanguage
  script: string
  runId: string
  proposalId?: string
}

/** The command runs the script text itself: it is an argument inside the container, never parsed by a host shell. */
export function sandboxCommand(language: ScriptLanguage, script: string): string[] {
  return language === 'bash' ? ['bash', '-c', script, 'script'] : ['node', '--input-type=commonjs', '-e', script]
}

export function sandboxSpec(input: SandboxSpecInput): Dockerode.ContainerCreateOptions {
  return {
    Image: input.image,
    Cmd: sandboxCommand(input.language, input.script),
    User: `${SANDBOX_UID}:${SANDBOX_UID}`,
    WorkingDir: '/tmp',
    Env: ['HOME=/tmp', 'PATH=/usr/bin:/bin', 'LANG=C.UTF-8'],
    Labels: operatorLabels('action', input.runId, {
      'operator.action': 'run_script',
      ...(input.proposalId ? { [LABEL_PROPOSAL]: input.proposalId } : {}),
    }),
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    OpenStdin: false,
    NetworkDisabled: true,
    HostConfig: {
      NetworkMode: 'none',
      Memory: SANDBOX_LIMITS.memoryBytes,
      MemorySwap: SANDBOX_LIMITS.memoryBytes,
      NanoCpus: SANDBOX_LIMITS.nanoCpus,
      PidsLimit: SANDBOX_LIMITS.pids,
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': SANDBOX_LIMITS.tmpfs },
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Privileged: false,
      AutoRemove: false,
      RestartPolicy: { Name: 'no' },
      LogConfig: { Type: 'none', Config: {} },
    },
  }
}
