/**
 * Walks a definition before it is published, without a database: the same
 * parse and checks as a deploy, and the engine's own transition — the
 * decisions of transition/ (start, complete, return from a call, fire a
 * timer) with bpmn-engine and FEEL conditions inside, over a working-day
 * calendar — applied to an in-memory store (store/memory-store.ts) instead
 * of the database. The steps reached and their due dates are the tasks
 * those decisions open.
 * Each task is taken in the order it opened, with the outcome given for it,
 * else the first it offers — and, reached again (a loop such as 补充调查),
 * the next one, so an unguided walk leaves every loop —, on its due date
 * when it has one — the longest the procedure may take — else the day it
 * is reached (time never runs back). A called process is shown as one step
 * and returns at once; a timer fires when nothing else waits. Nothing of
 * the app (people, the forms' contents) is involved: this shows the path,
 * who acts, when each step is due, which documents completing it issues (by
 * zf:issue; the caller says which forms are documents) and which gate it
 * passes (its zf:gate, when the outcome taken passes).
 */
import type { Actor } from './actor.ts'
import { parseBpmn } from './definition/parse-bpmn.ts'
import { checkDefinition } from './definition/zhifa-rules.ts'
import type { DefinitionCatalogs } from './definition/zhifa-rules.ts'
import type { DefinitionModel, UserTaskSpec } from './definition/definition-model.ts'
import { EngineError, type DefinitionProblem } from './errors.ts'
import { compileDefinition } from './runtime/compiled-definition.ts'
import type { ProcessRuntime } from './runtime/process-runtime.ts'
import type { WorkingCalendar } from './calendar/working-calendar.ts'
import { shanghaiDate, startOfShanghaiDay } from './calendar/dates.ts'
import { MemoryStore } from './store/memory-store.ts'
import { toTaskView } from './task-view.ts'
import type { TransitionContext } from './transition/advance.ts'
import { decideComplete } from './transition/complete.ts'
import { decideFireTimer } from './transition/fire-timers.ts'
import type { InstanceRecord } from './transition/instance-state.ts'
import { decideReturn } from './transition/return-to-parent.ts'
import { decideStart } from './transition/start.ts'

export interface SimulatedStep {
  elementId: string
  name: string
  kind: 'userTask' | 'call' | 'timer'
  role: string | null
  scope: string | null
  /** The day it opened, YYYY-MM-DD. */
  opened: string
  dueDate: string | null
  /** Why there is no due date although the step has a deadline (it depends on the case's data). */
  dueNote: string | null
  provisional: boolean
  /** The outcome it was taken with (user tasks that offer outcomes). */
  outcome: string | null
  /** The outcomes the step offers (zf:outcomes), so a caller can offer another choice at this visit. */
  offered: string[]
  /** The form filled at the step (zf:form). */
  form: string | null
  /** Forms of the documents completing the step issues (zf:issue; the step's own form by default). */
  documents: string[]
  /** The gate the step is marked with (zf:gate). */
  gate: string | null
  /** The gate completing the step passed: its gate, when the outcome taken passes it. */
  gatePassed: string | null
}

export interface SimulateOptions {
  /** The day the procedure starts, YYYY-MM-DD (Asia/Shanghai). */
  start: string
  calendar: WorkingCalendar
  /**
   * Outcome to take at a step, by element id: one for every visit, or one per
   * visit in order (a loop: `["return"]` returns once, then the step walks on
   * as if unguided). Steps not named take the first they offer.
   */
  outcomes?: Record<string, string | string[]>
  /** Variables the conditions see from the start (e.g. the case's data). */
  variables?: Record<string, unknown>
  /** Steps after which the walk stops (a loop taken by the outcomes given). */
  maxSteps?: number
  /** Whether completing a step with this form issues a document (the app: a numbered document); default: any form but the approval form. */
  issuesDocument?: (form: string) => boolean
  /** Outcomes that pass a gate (定义 gates.json `passingOutcomes`); default `approve`. */
  passingOutcomes?: readonly string[]
}

export type SimulateResult =
  | { ok: true; steps: SimulatedStep[]; ended: boolean }
  | { ok: false; problems: DefinitionProblem[] }

// A simulation checks the definition's own rules; which forms, roles and scopes exist is the catalog's, checked at publish.
const anyCatalog: DefinitionCatalogs = { formExists: () => true, roleExists: () => true, scopeKnown: () => true, approvalForm: 'approval' }

export async function simulateDefinition(xml: string, options: SimulateOptions): Promise<SimulateResult> {
  const parsed = await parseBpmn(xml)
  if (!parsed.ok) return parsed
  const { model, problems } = await checkDefinition(parsed.context, anyCatalog, parsed.visited)
  if (!model || problems.length) return { ok: false, problems }
  const definition = await compileDefinition({ id: `simulation:${model.key}`, key: model.key, version: 0, xml }, model)
  const steps: SimulatedStep[] = []
  // Why a step opened without a due date (its deadline depends on the case's data): give it in `variables` to see the date.
  const dueNotes = new Map<string, string>()
  let ids = 0
  const at = (day: string): TransitionContext => ({
    now: startOfShanghaiDay(day), actor: null, calendar: () => options.calendar, newId: () => `simulated-${++ids}`,
    // A called process is not part of the walk: the call waits, and is walked as one step.
    callee: () => null,
    dueUnknown: (step, error) => dueNotes.set(step.executionId, `期限取决于案件数据「${error.expression}」`),
  })
  const store = new MemoryStore()
  let walk: { instance: InstanceRecord; runtime: ProcessRuntime }
  try {
    const started = await decideStart({ definition, command: { variables: options.variables ?? {} }, calls: {} }, at(options.start))
    store.apply(started.effects)
    walk = started.result
  } catch (error) {
    return failed(error, steps)
  }
  const { instance, runtime } = walk
  const maxSteps = options.maxSteps ?? 200
  const passing = options.passingOutcomes ?? ['approve']
  const issues = options.issuesDocument ?? ((form: string) => form !== anyCatalog.approvalForm)
  let today = options.start
  try {
    while (!runtime.ended && steps.length < maxSteps) {
      const stored = store.instance(instance.id)
      const task = store.openTasks(instance.id)[0]
      if (task) {
        const spec = model.userTasks[task.elementId]!
        const visits = steps.filter((s) => s.elementId === task.elementId).length
        const outcome = spec.outcomes.length ? outcomeAt(options.outcomes?.[task.elementId], spec.outcomes, visits) : null
        const passes = outcome === null || passing.includes(outcome)
        steps.push({
          elementId: task.elementId, name: spec.name, kind: 'userTask', role: spec.role, scope: spec.scope, opened: shanghaiDate(task.createdAt),
          dueDate: task.dueDate, dueNote: dueNotes.get(task.executionId) ?? null, provisional: Boolean(task.dueProvisional), outcome, offered: [...spec.outcomes],
          form: spec.form, documents: documentsOf(spec, model, passes, issues), gate: spec.gate, gatePassed: spec.gate && passes ? spec.gate : null,
        })
        const day = task.dueDate !== null && task.dueDate > today ? task.dueDate : today
        const ctx = at(day)
        const decided = await decideComplete({
          task: toTaskView(task, ctx.now),
          stored, instance, runtime: async () => runtime,
          command: { payload: {}, ...(outcome !== null && { outcome }) },
          formCheck: { ok: true, formVersion: 'simulation' },
          // A step for several people takes one signature per person.
          actor: signer(steps.length),
        }, ctx)
        store.apply(decided.effects)
        today = day
        continue
      }
      const call = runtime.waitingCalls()[0]
      if (call) {
        const called = model.calls[call.elementId]
        steps.push({ elementId: call.elementId, name: called ? `调用流程「${called.calledElement}」` : call.elementId, kind: 'call', role: null, scope: null, opened: today, ...nothingDone() })
        store.apply((await decideReturn({ stored, instance, runtime: async () => runtime, callExecutionId: call.executionId, childVariables: {} }, at(today))).effects)
        continue
      }
      // A step's own deadline (a `due` timer) gives an overdue notice only: not walked.
      const timer = store.pendingTimers(instance.id).find((t) => t.kind !== 'due')
      if (!timer) break
      steps.push({ elementId: timer.elementId, name: model.timers[timer.elementId] ? `定时 ${model.timers[timer.elementId]!.value}` : timer.elementId, kind: 'timer', role: null, scope: null, opened: today, ...nothingDone() })
      const ctx = at(today)
      store.claimTimer(timer.id, ctx.now)
      store.apply((await decideFireTimer({ timer, firedAt: ctx.now, target: { kind: 'instance', stored, instance, runtime: async () => runtime } }, ctx)).effects)
    }
    return { ok: true, steps, ended: runtime.ended }
  } catch (error) {
    return failed(error, steps)
  } finally {
    runtime.dispose()
  }
}

/** Who completes a simulated step: one person per completion, so that a step for several people counts each signature. */
function signer(n: number): Actor {
  const id = `simulated-${n}`
  return { id, loginName: id, displayName: '模拟办理人', departmentId: 'simulation', departmentPath: '/simulation/', organId: 'simulation', roles: [] }
}

/** A call or a timer: no deadline, no choice, no document, no gate. */
function nothingDone(): Pick<SimulatedStep, 'dueDate' | 'dueNote' | 'provisional' | 'outcome' | 'offered' | 'form' | 'documents' | 'gate' | 'gatePassed'> {
  return { dueDate: null, dueNote: null, provisional: false, outcome: null, offered: [], form: null, documents: [], gate: null, gatePassed: null }
}

/** The outcome of the visit numbered `visit` (0 first): the one given for it, else the unguided rule counted from the visits the caller did not name. */
function outcomeAt(given: string | string[] | undefined, offered: string[], visit: number): string {
  if (typeof given === 'string') return given
  const list = given ?? []
  return list[visit] ?? offered[(visit - list.length) % offered.length]!
}

/** What completing the step issues, by zf:issue: nothing (a draft), the draft of an earlier step when the outcome passes, else its own form. */
function documentsOf(spec: UserTaskSpec, model: DefinitionModel, passes: boolean, issues: (form: string) => boolean): string[] {
  if (spec.issue === 'none') return []
  const form = spec.issue === null ? spec.form : passes ? model.userTasks[spec.issue]?.form : undefined
  return form && issues(form) ? [form] : []
}

/** What stopped the walk (a cardinality the data does not give, a loop without a wait state), as a problem at the step reached. */
function failed(error: unknown, steps: SimulatedStep[]): SimulateResult {
  if (!(error instanceof EngineError)) throw error
  const at = steps.at(-1)
  return { ok: false, problems: [{ elementId: at?.elementId ?? null, code: error.code, message: `模拟在此停止：${error.message}`, messageEn: `the walk stopped: ${error.messageEn}` }] }
}
