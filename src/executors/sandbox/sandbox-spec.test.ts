import { describe, expect, it } from 'vitest'
import { SANDBOX_UID } from '../docker/images.js'
import { sandboxSpec } from './sandbox-spec.js'

describe('sandbox container spec', () => {
  it('isolates the script: no network, limits, non-root, read-only root, no capabilities, action labels', () => {
    const spec = sandboxSpec({
      image: 'operator/sandbox:x',
      language: 'bash',
      script: 'echo hi',
      runId: 'r1',
      proposalId: 'p1',
    })
    expect(spec.Cmd).toEqual(['bash', '-c', 'echo hi', 'script'])
    expect(spec.User).toBe(`${SANDBOX_UID}:${SANDBOX_UID}`)
    expect(spec.Labels).toEqual({
      'operator.managed': 'true',
      'operator.role': 'action',
      'operator.run': 'r1',
      'operator.action': 'run_script',
      'operator.proposal': 'p1',
    })
    expect(spec.HostConfig).toMatchObject({
      NetworkMode: 'none',
      Memory: 512 * 1024 * 1024,
      MemorySwap: 512 * 1024 * 1024,
      NanoCpus: 1e9,
      PidsLimit: 100,
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Privileged: false,
    })
    expect(spec.HostConfig?.Tmpfs?.['/tmp']).toMatch(/size=16m/)
  })

  it('runs node scripts as CommonJS, as the syntax check reads them', () => {
    expect(sandboxSpec({ image: 'i', language: 'node', script: 'console.log(1)', runId: 'r' }).Cmd).toEqual([
      'node',
      '--input-type=commonjs',
      '-e',
      'console.log(1)',
    ])
  })
})
