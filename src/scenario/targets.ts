/**
 * Where a scenario step lands. A member name stays itself; leader and
 * follower are resolved live by the fault; random picks a member with a
 * seeded generator (the same seed and members give the same member on every
 * machine); faulted (rollbacks only) is every member the method's faults hit.
 */
import { OperatorError } from '../core/errors.js'
import type { FaultTarget } from '../core/subject.js'

/** mulberry32: a tiny deterministic PRNG, enough to pick a member from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The member a seed picks among members (in the order given). */
export function pickMember(members: readonly string[], seed: number): string {
  if (members.length === 0)
    throw new OperatorError('subject', 'no members to pick a random target from', 'check that the cluster is up')
  const index = Math.floor(seededRandom(seed)() * members.length)
  return members[Math.min(index, members.length - 1)] as string
}

export interface TargetContext {
  members: readonly string[]
  /** Seed for random (the step's, or one chosen for the run). */
  seed: number
  /** Members the method's faults hit so far, in order (for faulted). */
  faulted: readonly string[]
}

/**
 * The fault targets a step's target stands for: one target, except faulted,
 * which is one per member hit (none when the method hit nobody).
 */
export function resolveTargets(target: string | undefined, ctx: TargetContext): FaultTarget[] {
  switch (target) {
    case undefined:
      return [{ kind: 'none' }]
    case 'leader':
    case 'follower':
      return [{ kind: target }]
    case 'random':
      return [{ kind: 'member', name: pickMember(ctx.members, ctx.seed) }]
    case 'faulted':
      return [...new Set(ctx.faulted)].map((name) => ({ kind: 'member', name }))
    default:
      if (!ctx.members.includes(target))
        throw new OperatorError(
          'usage',
          `"${target}" is not a member of this run`,
          `use one of ${ctx.members.join(', ')}, leader, follower or random`,
        )
      return [{ kind: 'member', name: target }]
  }
}

/** A seed for a random target that has none: recorded in the report so the run can be repeated. */
export function freshSeed(now: number): number {
  return now % 2_147_483_647
}
