/**
 * Turns a fault target into one member name: a named member of the kinds
 * the fault acts on; `leader` is the primary the Sentinels agree on,
 * `follower` the first running Redis node that is not it.
 */
import { OperatorError } from '../../../src/core/errors.js'
import type { FaultTarget } from '../../../src/core/subject.js'
import { agreedPrimary } from '../actions/topology.js'
import { membersOf, type RatelimiterHandle } from '../handle.js'
import type { NodeKind } from '../runtime/run-record.js'

function namesOf(handle: RatelimiterHandle, kinds: readonly NodeKind[]): string[] {
  return kinds.flatMap((k) => membersOf(handle, k))
}

/** The agreed primary; a conflict error when the Sentinels agree on none. */
export async function primaryOf(handle: RatelimiterHandle, fault: string): Promise<string> {
  const { primary, views } = await agreedPrimary(handle)
  if (primary === null || !membersOf(handle, 'redis').includes(primary)) {
    const seen = views.map((v) => `${v.sentinel}: ${v.primary ?? v.error}`).join(', ')
    throw new OperatorError(
      'conflict',
      `${fault}: the Sentinels agree on no primary right now (${seen})`,
      'wait for a failover to finish, or name the node with --target r1|r2|r3',
    )
  }
  return primary
}

export async function resolveTarget(
  handle: RatelimiterHandle,
  target: FaultTarget,
  fault: string,
  kinds: readonly NodeKind[],
): Promise<string> {
  const names = namesOf(handle, kinds)
  const roles = kinds.includes('redis') ? ', leader (the primary) or follower (a replica)' : ''
  switch (target.kind) {
    case 'none':
      throw new OperatorError('usage', `fault ${fault} needs a target`, `add --target ${names.join('|')}${roles}`)
    case 'member':
      if (!names.includes(target.name))
        throw new OperatorError(
          'usage',
          `fault ${fault} cannot target "${target.name}" in run ${handle.run_id}`,
          `use one of ${names.join(', ')}${roles}`,
        )
      return target.name
    case 'leader':
    case 'follower': {
      if (!kinds.includes('redis'))
        throw new OperatorError(
          'usage',
          `fault ${fault} targets ${names.join(', ')}, not ${target.kind}`,
          `use one of ${names.join(', ')}`,
        )
      const primary = await primaryOf(handle, fault)
      if (target.kind === 'leader') return primary
      const replica = membersOf(handle, 'redis').find((n) => n !== primary && handle.runtime.state(n) === 'running')
      if (replica === undefined)
        throw new OperatorError(
          'conflict',
          `${fault}: no replica runs right now`,
          'name the node with --target r1|r2|r3',
        )
      return replica
    }
  }
}
