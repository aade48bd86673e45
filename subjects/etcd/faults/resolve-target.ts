/**
 * Turns a fault target into one member name: a named member as is, the
 * leader or a follower from a fresh status of every member.
 */
import { OperatorError } from '../../../src/core/errors.js'
import type { FaultTarget } from '../../../src/core/subject.js'
import { leaderOf, queryMembers } from '../cluster-query.js'
import type { EtcdHandle } from '../handle.js'

export async function resolveTarget(handle: EtcdHandle, target: FaultTarget, fault: string): Promise<string> {
  const names = handle.clients.names
  switch (target.kind) {
    case 'none':
      throw new OperatorError(
        'usage',
        `fault ${fault} needs a target`,
        `add --target ${names.join('|')}|leader|follower`,
      )
    case 'member':
      if (!names.includes(target.name)) {
        throw new OperatorError(
          'usage',
          `"${target.name}" is not a member of run ${handle.run_id}`,
          `use one of ${names.join(', ')}, leader or follower`,
        )
      }
      return target.name
    case 'leader':
    case 'follower': {
      const answers = await queryMembers(handle.clients)
      const leader = leaderOf(answers)
      if (leader === null)
        throw new OperatorError(
          'conflict',
          'no member reports itself leader right now',
          'name the member with --target m1|m2|m3',
        )
      if (target.kind === 'leader') return leader.name
      const follower = answers.find((a) => a.ok && a.name !== leader.name)
      if (follower === undefined)
        throw new OperatorError('conflict', 'no follower answers right now', 'name the member with --target m1|m2|m3')
      return follower.name
    }
  }
}
