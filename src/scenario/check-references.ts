/**
 * The checks a schema cannot make: that the faults, actions, invariants,
 * members and targets a scenario names exist for its subject and runtime,
 * that targeted faults have a target, and that expectations can pass in the
 * scenario's modes. Pure: the subject's catalogue is passed in (a static one
 * before anything starts, the opened subject's once the cluster is up).
 */
import type { z } from 'zod'
import type { Scenario } from './schema.js'

/** What a subject offers, as far as a scenario can name it. */
export interface SubjectCatalogue {
  subject: string
  invariants: readonly string[]
  /** `targets`: the members a targeted fault can land on; every member when omitted. */
  faults: readonly { name: string; targeted: boolean; dockerOnly: boolean; targets?: readonly string[] }[]
  /** Actions with their parameter schemas; null when they cannot be known without opening the subject. */
  actions: readonly { name: string; params: z.ZodType<unknown> }[] | null
  members: readonly string[]
}

/** A problem at a path of the scenario document. */
export interface ReferenceProblem {
  path: (string | number)[]
  message: string
  hint: string
}

const ROLE_TARGETS = ['leader', 'follower', 'random'] as const

type Step = Scenario['method'][number] | Scenario['rollbacks'][number]

function checkStep(
  step: Step,
  path: (string | number)[],
  cat: SubjectCatalogue,
  runtime: Scenario['runtime'],
  rollback: boolean,
): ReferenceProblem[] {
  const out: ReferenceProblem[] = []
  if (!rollback && step.action !== undefined) {
    out.push({
      path: [...path, 'action'],
      message: `method steps change the system only through faults; ${step.action} is a remediation action`,
      hint: "use a fault of the subject's here; expect the agent's repair with action_executed, or put the action in rollbacks (it goes through a proposal and the gate)",
    })
  }
  const targets = [...cat.members, ...ROLE_TARGETS, ...(rollback ? ['faulted'] : [])]
  if (step.target !== undefined && !targets.includes(step.target)) {
    const hint =
      !rollback && step.target === 'faulted'
        ? 'faulted only means something in rollbacks; name a member, leader, follower or random'
        : `use one of ${targets.join(', ')}`
    out.push({ path: [...path, 'target'], message: `unknown target "${step.target}"`, hint })
  }
  if (step.fault !== undefined) {
    const fault = cat.faults.find((f) => f.name === step.fault)
    if (fault === undefined) {
      out.push({
        path: [...path, 'fault'],
        message: `unknown fault "${step.fault}" for ${cat.subject}`,
        hint: `use one of ${cat.faults.map((f) => f.name).join(', ')}`,
      })
    } else {
      if (fault.targeted && step.target === undefined)
        out.push({
          path,
          message: `fault ${fault.name} needs a target`,
          hint: `add target: ${cat.members[0] ?? 'm1'}, leader, follower or random${rollback ? ' (or faulted)' : ''}`,
        })
      if (fault.targets !== undefined && step.target !== undefined && cat.members.includes(step.target))
        if (!fault.targets.includes(step.target))
          out.push({
            path: [...path, 'target'],
            message: `fault ${fault.name} cannot land on ${step.target}`,
            hint: `use one of ${fault.targets.join(', ')}`,
          })
      if (fault.dockerOnly && runtime !== 'docker')
        out.push({
          path: [...path, 'fault'],
          message: `fault ${fault.name} needs the docker runtime`,
          hint: 'set runtime: docker, or pick a fault of the process runtime',
        })
    }
    if (step.params !== undefined)
      out.push({
        path: [...path, 'params'],
        message: 'faults take no params',
        hint: 'remove params, or use target to say where the fault lands',
      })
  }
  if (step.action !== undefined && (step.target === 'leader' || step.target === 'follower')) {
    out.push({
      path: [...path, 'target'],
      message: `an action step cannot target the ${step.target}`,
      hint: 'name the member, or use random or faulted',
    })
  }
  if (step.action !== undefined && cat.actions !== null) {
    const action = cat.actions.find((a) => a.name === step.action)
    if (action === undefined) {
      out.push({
        path: [...path, 'action'],
        message: `unknown action "${step.action}" for ${cat.subject}`,
        hint: `use one of ${cat.actions.map((a) => a.name).join(', ')}`,
      })
    } else {
      // A target fills params.member at run time: a member named stands for itself; a role (leader,
      // faulted…) may be any member, so it passes when one of them fits the action (an app, a Redis node…).
      const target = step.target
      const stands =
        target === undefined
          ? [{}]
          : (cat.members.includes(target) ? [target] : cat.members).map((m) => ({ member: m }))
      const tries = stands.map((stand) => action.params.safeParse({ ...(step.params ?? {}), ...stand }))
      const parsed = tries.find((t) => t.success) ?? tries[0] ?? action.params.safeParse(step.params ?? {})
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          out.push({
            path: [...path, 'params', ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))],
            message: `${action.name}: ${issue.message}`,
            hint: 'give the parameters the action takes (a target becomes params.member)',
          })
        }
      }
    }
  }
  return out
}

function knownAction(name: string, path: (string | number)[], cat: SubjectCatalogue): ReferenceProblem[] {
  if (cat.actions === null || cat.actions.some((a) => a.name === name)) return []
  return [
    {
      path,
      message: `unknown action "${name}" for ${cat.subject}`,
      hint: `use one of ${cat.actions.map((a) => a.name).join(', ')}`,
    },
  ]
}

/** Every member acted_on names is one of the subject's; nothing is acted on in observe mode. */
function checkActedOn(
  members: readonly string[],
  safety: Scenario['modes']['safety'],
  path: (string | number)[],
  cat: SubjectCatalogue,
): ReferenceProblem[] {
  const unknown = members.flatMap((m, i) =>
    cat.members.includes(m)
      ? []
      : [{ path: [...path, i], message: `unknown member "${m}"`, hint: `use one of ${cat.members.join(', ')}` }],
  )
  const observe =
    safety === 'observe'
      ? [{ path, message: 'nothing is executed in observe mode', hint: 'set modes.safety: execute' }]
      : []
  return [...unknown, ...observe]
}

function checkExpectations(s: Scenario, cat: SubjectCatalogue): ReferenceProblem[] {
  return s.expect.flatMap((e, i): ReferenceProblem[] => {
    const path = ['expect', i]
    if ('ticket' in e) {
      const invariant = e.ticket.split(':')[0] ?? e.ticket
      return cat.invariants.includes(invariant)
        ? []
        : [
            {
              path: [...path, 'ticket'],
              message: `unknown invariant "${invariant}"`,
              hint: `use one of ${cat.invariants.join(', ')} (or invariant:target)`,
            },
          ]
    }
    if ('action_executed' in e) {
      const observe =
        s.modes.safety === 'observe'
          ? [
              {
                path: [...path, 'action_executed'],
                message: 'nothing is executed in observe mode',
                hint: 'set modes.safety: execute, or expect proposal: … status: observed',
              },
            ]
          : []
      return [...knownAction(e.action_executed, [...path, 'action_executed'], cat), ...observe]
    }
    if ('proposal' in e) return knownAction(e.proposal, [...path, 'proposal'], cat)
    if ('acted_on' in e) return checkActedOn(e.acted_on, s.modes.safety, [...path, 'acted_on'], cat)
    return []
  })
}

/** Every reference problem of a schema-valid scenario, given its subject's catalogue (null: unknown subject). */
export function checkReferences(
  s: Scenario,
  cat: SubjectCatalogue | null,
  subjects: readonly string[],
): ReferenceProblem[] {
  if (cat === null)
    return [{ path: ['subject'], message: `unknown subject "${s.subject}"`, hint: `use one of ${subjects.join(', ')}` }]
  const invariants =
    s.steady_state.invariants === 'all'
      ? []
      : s.steady_state.invariants.flatMap((inv, i) =>
          cat.invariants.includes(inv)
            ? []
            : [
                {
                  path: ['steady_state', 'invariants', i],
                  message: `unknown invariant "${inv}"`,
                  hint: `use one of ${cat.invariants.join(', ')}, or all`,
                },
              ],
        )
  const hold =
    s.steady_state.hold > s.steady_state.timeout
      ? [
          {
            path: ['steady_state', 'hold'],
            message: 'hold is longer than timeout: the steady state could never be confirmed',
            hint: 'make timeout longer than hold',
          },
        ]
      : []
  return [
    ...invariants,
    ...hold,
    ...s.method.flatMap((step, i) => checkStep(step, ['method', i], cat, s.runtime, false)),
    ...s.rollbacks.flatMap((step, i) => checkStep(step, ['rollbacks', i], cat, s.runtime, true)),
    ...checkExpectations(s, cat),
    ...s.forbid.flatMap((name, i) => [...knownAction(name, ['forbid', i], cat), ...forbidExpected(s, name, i)]),
  ]
}

/** An action the scenario forbids cannot also be one it expects executed. */
function forbidExpected(s: Scenario, name: string, i: number): ReferenceProblem[] {
  if (!s.expect.some((e) => 'action_executed' in e && e.action_executed === name)) return []
  const hint = `remove ${name} from forbid, or stop expecting it executed`
  return [{ path: ['forbid', i], message: `${name} is forbidden but expected as action_executed`, hint }]
}
