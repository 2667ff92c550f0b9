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
