/**
 * What one run of a scenario is given: the subject, the database, the clock,
 * where the children come from, and — on the five-panel screen — the screen
 * it reports to; and the scenario itself with its file.
 */
import type { Clock } from '../core/clock.js'
import type { SubjectModule } from '../core/subject.js'
import type { Store } from '../store/store.js'
import type { Supervisor, SupervisorOptions } from '../supervisor/supervisor.js'
import type { Presenter } from './presenter.js'
import type { Scenario } from './schema.js'

export interface RunDeps {
  module: SubjectModule
  /** The operator command line's entry: the supervisor spawns monitor, agent and workload from it. */
  cliPath: string
  home: string
  store: Store
  clock: Clock
  /** Ctrl-C / SIGTERM: aborts the method; rollbacks and the stop still run. */
  signal: AbortSignal
  /** Lines for people as the run goes. */
  progress: (line: string) => void
  /** The agent's brain, over the scenario's `modes.brain` (`--brain`). */
  brain?: string
  /** Set when the run is shown on the five-panel screen (`operator demo --scenario`). */
  ui?: ScenarioUi
}

/** The screen a scenario runs in: it sees what the supervisor sees, may act on the cluster, and may pace the method. */
export interface ScenarioUi
  extends Pick<SupervisorOptions, 'onLine' | 'onChild' | 'onSnapshot' | 'onNotice' | 'onNarration'> {
  /** The cluster is up (the screen's keys act on it), or — null — it is going down. */
  attach: (sup: Supervisor | null) => void
  /** `--step`: the presenter fires each step; null: steps fire on their times. */
  presenter: Presenter | null
}

export interface ScenarioSource {
  scenario: Scenario
  file: string
  /** The file's text, for line numbers of problems found once the subject is open. */
  text: string
  /** The agent's policy file (absolute), handed to the children as OPERATOR_POLICY; null: theirs stands. */
  policy: string | null
}
