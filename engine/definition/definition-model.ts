/**
 * What the engine needs to know about a deployed definition besides the
 * BPMN itself: the user tasks with their zf: attributes, the timers and the
 * call activities. Extracted once at deploy or cache load; plain JSON.
 */
import type { DueSpec } from '../due.ts'

export interface UserTaskSpec {
  elementId: string
  name: string
  /** Document key of the form; the shared approval form for pure approvals. */
  form: string
  role: string
  scope: string
  due: DueSpec | null
  gate: string | null
  /** Variable that receives the outcome passed to complete(), e.g. `reviewOutcome`. */
  outcomeVariable: string | null
  /** Allowed outcomes; empty means any. */
  outcomes: string[]
  /** Variable that receives the submitted form data; defaults to the element id. */
  resultVariable: string
  /** Who gets the task: `previous` (who last did this step), `starter`, or a FEEL expression giving a user id. */
  assignee: string | null
  /**
   * zf:lead — the step must be done a number of days before a date the form
   * gives, e.g. "2 working days before plannedDate": completing it later is
   * refused (InvalidForm on that field).
   */
  lead: LeadSpec | null
  /**
   * zf:issue — which document completing this step makes, for the app:
   * `none` (the form is a draft under review: nothing is issued), or the id
   * of an earlier step (completing this one with a passing outcome issues the
   * document drafted there). Null: the app's default (the step's own form).
   */
  issue: string | null
  /**
   * zf:period — the step records what a party did within a period that ends
   * on the step's due date: concluding "nothing" (`field` equal to `equals`)
   * before then is refused unless the party's written waiver is recorded.
   */
  period: PeriodSpec | null
  /** Multi-instance (会签/或签): one task per instance; null for a plain step. */
  multiInstance: MultiInstanceSpec | null
  /** zf:opinion="required": the step is refused without a written opinion, whatever the outcome (a return always needs one). */
  opinionRequired?: boolean
  /**
   * zf:overdue, what happens when the deadline passes: `remind` tells only the
   * people who must act; `report` tells them and the heads of the case's
   * organ at once. Absent: the people who must act at once, the heads of the
   * step's organ one day later (第十六条; an exact deadline in hours at once).
   */
  overdue?: OverduePolicy
}

/** What a step's zf:overdue asks for when its deadline passes (see UserTaskSpec.overdue). */
export type OverduePolicy = 'remind' | 'report'

export interface PeriodSpec {
  /** Dotted path of the form field whose value `equals` means the party did nothing. */
  field: string
  equals: string | number | boolean | null
  /** Dotted path of the form's record of the party's written waiver. */
  waiverField: string
}

/**
 * A multi-instance user task: `cardinality` tasks at once (or one after the
 * other), done when `completion` is met; the tasks still open then are
 * cancelled. zf:completion: `all` (会签, the default), `any` (或签: the first
 * one), a share `2/3` / `60%` (of the instances, rounded up), or more than a
 * share `>1/2` (过半数: of four, three).
 */
export interface MultiInstanceSpec {
  /** A literal cardinality; null when it comes from the case's data (`cardinalityExpression`). */
  cardinality: number | null
  /** `= count(case.officers)`: FEEL evaluated when the step starts, a whole number 1…maxCardinality or the operation fails (CARDINALITY_INVALID). */
  cardinalityExpression?: string
  sequential: boolean
  /** Completed instances needed, out of `cardinality` (for a literal cardinality). */
  needed: number
  /** zf:completion as written (all, any, 2/3, 60%), for a cardinality known only at run time. */
  completion: string
}

/** Completed instances needed out of `cardinality` for a zf:completion; null when it cannot be read. */
export function neededInstances(completion: string, cardinality: number): number | null {
  const fraction = /^(\d+)\s*\/\s*(\d+)$/.exec(completion)
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(completion)
  const moreThan = /^>\s*(\d+)\s*\/\s*(\d+)$/.exec(completion)
  let needed: number
  if (moreThan && Number(moreThan[2]) > 0 && Number(moreThan[1]) < Number(moreThan[2])) return Math.min(cardinality, Math.floor((cardinality * Number(moreThan[1])) / Number(moreThan[2])) + 1)
  if (completion === 'all' || completion === '会签') needed = cardinality
  else if (completion === 'any' || completion === '或签') needed = 1
  else if (fraction && Number(fraction[2]) > 0 && Number(fraction[1]) <= Number(fraction[2])) needed = Math.ceil((cardinality * Number(fraction[1])) / Number(fraction[2]))
  else if (percent && Number(percent[1]) <= 100) needed = Math.ceil((cardinality * Number(percent[1])) / 100)
  else return null
  return Math.max(1, needed)
}

export interface LeadSpec {
  days: number
  unit: 'working-days' | 'days'
  /** Dotted path of the date (or date-time) field in the submitted form. */
  field: string
}

export interface TimerSpec {
  elementId: string
  kind: 'boundary' | 'intermediate'
  timerType: 'timeDuration' | 'timeDate'
  value: string
}

export interface CallSpec {
  elementId: string
  /** Key of the called definition (its process id). */
  calledElement: string
}

export interface DefinitionModel {
  key: string
  name: string
  userTasks: Record<string, UserTaskSpec>
  timers: Record<string, TimerSpec>
  calls: Record<string, CallSpec>
}
