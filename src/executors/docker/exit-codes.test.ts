import { describe, expect, it } from 'vitest'
import { explainExit } from './exit-codes.js'

describe('exit code explanations', () => {
  it('tells a graceful stop, a kill and an OOM kill apart', () => {
    expect(explainExit({ ExitCode: 143, OOMKilled: false })).toMatch(/gracefully by SIGTERM/)
    expect(explainExit({ ExitCode: 137, OOMKilled: false })).toMatch(/SIGKILL.*not OOM/)
    expect(explainExit({ ExitCode: 137, OOMKilled: true })).toMatch(/OOM killer/)
  })

  it('names other signals and shell conventions', () => {
    expect(explainExit({ ExitCode: 0, OOMKilled: false })).toMatch(/normally/)
    expect(explainExit({ ExitCode: 130, OOMKilled: false })).toMatch(/signal 2 \(SIGINT\)/)
    expect(explainExit({ ExitCode: 127, OOMKilled: false })).toMatch(/not found/)
    expect(explainExit({ ExitCode: 3, OOMKilled: false })).toMatch(/exit 3: the program reported an error/)
  })
})
