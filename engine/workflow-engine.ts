/**
 * Zhifa's workflow engine: our small interface over bpmn-engine.
 *
 * Every operation is one database transaction:
 *   load → recover → resume → act → getState → save if the revision is
 *   unchanged (else Conflict) → project tasks and timers → audit.
 * Nothing is saved when anything fails, and no live timer outlives a call.
 */
import crypto from 'node:crypto'
import type { Db, Tx } from '../prisma/client.ts'
import type { Actor } from './actor.ts'
import type { AuditSink, Authorizer, CompletedStep, EngineHooks, FormCatalog, RoleCatalog, ScopeResolver } from './adapters.ts'
import { shanghaiDate } from './calendar/dates.ts'
import { calendarVersion, loadCalendar } from './calendar/calendar-store.ts'
import type { WorkingCalendar } from './calendar/working-calendar.ts'
import { systemClock, type Clock } from './clock.ts'
import type { DefinitionCatalogs } from './definition/zhifa-rules.ts'
import type { OverduePolicy, UserTaskSpec } from './definition/definition-model.ts'
import { DefinitionRegistry, type ActiveVersion, type DeployedDefinition, type DirectoryDeployment, type DirectoryOptions, type StoreOptions } from './definition-registry.ts'
import type { GateRule } from './definition/gate-check.ts'
import { neededInstances } from './definition/definition-model.ts'
import { checkLead } from './lead.ts'
import { planDueRecompute, type DueChange, type OpenDueTask } from './due-recompute.ts'
import { checkPeriod } from './party-period.ts'
import type { DefinitionProblem } from './errors.ts'
import {
  Conflict, EngineError, Forbidden, InstanceFailed, InstanceNotFound, InvalidForm, InvalidOutcome, NotWithdrawable, TaskNotActive, TaskNotFound,
} from './errors.ts'
import { jsonCopy } from './feel.ts'
import { applyDeadlineExtension, type ExtendDeadlineInput, type ExtendDeadlineResult } from './extend-deadline-effects.ts'
import { applyEffects, snapshotBefore, type Bookkeeping, type InstanceRecord, type OperationContext } from './instance-effects.ts'
import { ProcessRuntime } from './runtime/process-runtime.ts'
import { dialectOf, EngineSql, type InstanceRow } from './store/engine-sql.ts'
import { WarmRuntimes } from './warm-runtimes.ts'
import { decideClaim } from './transition/claim.ts'
import { decideAssign } from './transition/assign.ts'
import { applyDecided } from './store/apply-effects.ts'
import { moveInstances, planMoves, type MoveContext, type MovedInstance, type MoveOptions, type MovePlan } from './move-instances.ts'
import { mayActOnTask } from './task-authorization.ts'
import { toTaskView, type TaskView } from './task-view.ts'

export interface EngineOptions {
  db: Db
  clock?: Clock
  forms: FormCatalog
  roles: RoleCatalog
  scopes: ScopeResolver
  audit: AuditSink
  /** Defaults to the pure rule `mayActOnTask`. */
  authorize?: Authorizer
  hooks?: EngineHooks
  /** Form of user tasks marked zf:approval="true". */
  approvalForm?: string
  /**
   * Statutory gates checked at deploy: a definition in which any path reaches
   * a step making one of `documents` without passing a step marked
   * zf:gate="<gate>" is refused (GATE_BYPASSED). See definition/gate-check.ts.
   */
  gateRules?: readonly GateRule[]
  /** Allowed form, role and scope keys with their Chinese names, listed in deploy messages. */
  known?: DefinitionCatalogs['known']
  /** Where working days come from; defaults to the CalendarDay table, loaded once and kept. */
  loadCalendar?: () => Promise<WorkingCalendar>
  /** How often (ms) to look whether another process changed the calendar; default 1000. */
  calendarCheckEveryMs?: number
  /**
   * How many instances to keep running in memory between operations (0 turns
   * it off). A kept runtime is used only when the stored revision is still the
   * one it saved; otherwise the instance is recovered from the database.
   */
  warmInstances?: number
  /** The version of a definition new instances start (the app's catalog); absent: the newest deployed. */
  activeVersion?: ActiveVersion
}

export interface StartOptions {
  variables?: Record<string, unknown>
  businessKey?: string | null
  /** Department the instance belongs to (the case's department). */
  departmentId?: string | null
}

export interface CompleteInput {
  /** The form data; validated against the task's form. */
  payload?: unknown
  /** E.g. approve / return; stored in the task's zf:outcome variable for gateways to route on. */
  outcome?: string
  comment?: string
}

export type InstanceStatus = 'running' | 'completed'

export interface StepOptions {
  elementId: string
  form: string
  /** Outcomes complete() accepts; empty means any (or none needed). */
  outcomes: string[]
  assignee: string | null
  gate: string | null
  /** zf:opinion="required": a written opinion is needed whatever the outcome. */
  opinionRequired: boolean
  /** zf:overdue: who is told when the deadline passes; null: the shipped rule (definition-model.ts). */
  overdue: OverduePolicy | null
}

export interface InstanceView {
  id: string
  definitionKey: string
  definitionVersion: number
  businessKey: string | null
  departmentId: string | null
  status: InstanceStatus
  revision: number
  variables: Record<string, unknown>
  parentInstanceId: string | null
  startedAt: Date
  endedAt: Date | null
  tasks: TaskView[]
  pendingTimers: { id: string; kind: string; elementId: string; dueAt: Date }[]
}

export interface FireResult {
  fired: number
  skipped: number
}

export interface ValidateResult {
  ok: boolean
  key: string | null
  /** The process's name when valid. */
  name?: string
  problems: DefinitionProblem[]
  warnings: DefinitionProblem[]
}

/** What a completed task remembers of its instance, for withdrawal. */
interface PriorState {
  revision: number
  state: string
  variables: string
  armedTimers: string
  /** Execution ids of the user tasks that were waiting before the completion. */
  openTasks: string[]
}

/** zf:issue of a completed step, with the drafted document's data when it names an earlier step. */
function completedStep(instance: InstanceRecord, spec: { issue: string | null }): CompletedStep {
  if (!spec.issue || spec.issue === 'none') return { issue: spec.issue === 'none' ? 'none' : null }
  const drafted = instance.definition.model.userTasks[spec.issue]!
  return { issue: { elementId: drafted.elementId, form: drafted.form, data: jsonCopy(instance.variables[drafted.resultVariable] ?? null) } }
}

/** Prisma's "write conflict or deadlock, retry the transaction" (PostgreSQL serialization failures). */
const ENGINE_ERROR_CODES_FOR_DB_CONFLICT = new Set(['P2034'])

export function createEngine(options: EngineOptions) {
  const { db, forms, roles, scopes, audit } = options
  const clock = options.clock ?? systemClock
  const authorize: Authorizer = options.authorize ?? mayActOnTask
  const hooks = options.hooks ?? {}
  const registry = new DefinitionRegistry(db, clock, audit, {
    formExists: (key) => forms.exists(key),
    roleExists: (key) => roles.exists(key),
    scopeKnown: (scope) => scopes.knows(scope),
    approvalForm: options.approvalForm ?? 'approval',
    gateRules: options.gateRules,
    known: options.known,
    now: () => clock.now(),
  }, options.activeVersion)
  let calendar: WorkingCalendar | null = null
  /** The CalendarVersion the cached calendar was loaded at: another process may have changed it since. */
  let calendarLoadedAt = -1
  const calendarLoader = options.loadCalendar ?? (() => loadCalendar(db))

  // Another process's calendar change is looked for at most once a second (real time): a version query
  // before every operation cost about a tenth of complete()'s throughput (bench:engine). A change made
  // through this engine (`recomputeDue`) is in force at once.
  const calendarCheckEveryMs = options.calendarCheckEveryMs ?? 1000
  let calendarCheckedAt = -Infinity

  async function currentCalendar(): Promise<WorkingCalendar> {
    if (calendar && Date.now() - calendarCheckedAt < calendarCheckEveryMs) return calendar
    const version = await calendarVersion(db)
    calendarCheckedAt = Date.now()
    if (!calendar || version !== calendarLoadedAt) {
      calendar = await calendarLoader()
      calendarLoadedAt = version
    }
    return calendar
  }

  /** The open tasks with a due date, with what is needed to count it again. */
  async function openDueTasks(tx: Db | Tx): Promise<(OpenDueTask & { row: Parameters<typeof toTaskView>[0] })[]> {
    const rows = await tx.task.findMany({ where: { status: 'open', dueDate: { not: null } }, include: { instance: { select: { definitionId: true, variables: true } } } })
    const tasks: (OpenDueTask & { row: Parameters<typeof toTaskView>[0] })[] = []
    const variablesOf = new Map<string, Record<string, unknown>>()
    for (const { instance, ...row } of rows) {
      const spec = (await registry.compiled(instance.definitionId, tx)).model.userTasks[row.elementId]?.due
      if (!spec) continue
      let variables = variablesOf.get(row.instanceId)
      if (!variables) variablesOf.set(row.instanceId, (variables = JSON.parse(instance.variables) as Record<string, unknown>))
      tasks.push({ id: row.id, dueDate: row.dueDate!, dueProvisional: row.dueProvisional, dueFrom: row.dueFrom ?? row.createdAt, spec, variables, row })
    }
    return tasks
  }
  const sql = new EngineSql(dialectOf(db))
  const warm = new WarmRuntimes(options.warmInstances ?? 200)

  async function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await db.$transaction(fn, { maxWait: 15_000, timeout: 30_000 })
    } catch (err) {
      if (err instanceof EngineError) throw err
      const code = (err as { code?: string }).code
      if (code && ENGINE_ERROR_CODES_FOR_DB_CONFLICT.has(code)) throw new Conflict('')
      // Another process wrote the SQLite file between our read and our write (SQLITE_BUSY_SNAPSHOT): retrying is the caller's call.
      if (err instanceof Error && /SQLITE_BUSY|database is locked/i.test(err.message)) throw new Conflict('')
      throw err
    }
  }

  /**
   * Runs `act` as one operation in one transaction. Runtimes it released are
   * kept warm only once the transaction has committed; after a failure they
   * are dropped, since their state may be ahead of the database.
   */
  async function operate<T>(actor: Actor | null, act: (op: OperationContext) => Promise<T>): Promise<T> {
    // The calendar is needed only for working-day deadlines, but computeDue is synchronous: load it up front once.
    const cal = await currentCalendar()
    const released: [string, number, ProcessRuntime][] = []
    const result = await transaction(async (tx) => {
      const op: OperationContext = {
        tx, now: clock.now(), actor, scopes, audit, hooks, sql,
        calendar: () => cal,
        release: (id, revision, runtime) => released.push([id, revision, runtime]),
        startChild: (parent, callExecutionId, calledElement) => startChild(op, parent, callExecutionId, calledElement),
      }
      return act(op)
    })
    for (const [id, revision, runtime] of released) warm.keep(id, revision, runtime)
    return result
  }

  function record(row: InstanceRow, definition: InstanceRecord['definition']): InstanceRecord {
    return {
      id: row.id, definition, businessKey: row.businessKey, departmentId: row.departmentId, startedById: row.startedById,
      variables: JSON.parse(row.variables) as InstanceRecord['variables'],
    }
  }

  async function run<T>(instanceId: string, act: () => T | Promise<T>): Promise<T> {
    try {
      // Awaited here, so a rejection (bpmn-engine's own RangeError included) is wrapped too.
      return await act()
    } catch (err) {
      if (err instanceof EngineError) throw err
      throw new InstanceFailed(instanceId, err instanceof Error ? err.message : String(err), { cause: err })
    }
  }

  /**
   * After one instance of a multi-instance step is done: when enough are
   * done (zf:completion), the instances still waiting are completed by the
   * engine, so the step ends and the tasks left open are cancelled.
   */
  function completeMultiInstance(runtime: ProcessRuntime, spec: UserTaskSpec, executionId: string): void {
    const parent = executionId.replace(/_\d+$/, '')
    const open = () => runtime.waitingUserTasks().filter((t) => t.elementId === spec.elementId && t.executionId.replace(/_\d+$/, '') === parent)
    const mi = spec.multiInstance!
    // A cardinality from the case's data was evaluated (and bounded) when the step started.
    const evaluated = ((runtime.variables.zf as { cardinality?: Record<string, number> } | undefined)?.cardinality ?? {})[spec.elementId]
    const cardinality = mi.cardinality ?? evaluated ?? 1
    const needed = mi.cardinality !== null ? mi.needed : (neededInstances(mi.completion, cardinality) ?? cardinality)
    // In parallel all instances wait at once; in sequence instance i is done after 0…i-1.
    const done = mi.sequential ? Number(/_(\d+)$/.exec(executionId)?.[1] ?? 0) + 1 : cardinality - open().length
    if (done < needed) return
    // Sequential instances appear one at a time: keep completing until the step has left.
    for (let guard = 0; guard <= cardinality; guard += 1) {
      const next = open()[0]
      if (!next) return
      runtime.signal(next.executionId, { outcome: null, completedBy: 'zf:completion' })
    }
  }

  /**
   * One signature of a multi-instance step: each person signs once per round
   * (a 会签 of two needs two people), and the step's outcome is the first
   * outcome other than the step's first (usually 退回) any signer gave in the
   * round, else the first: one return among the signatures returns the case.
   */
  function countSignature(zf: Bookkeeping, spec: UserTaskSpec, executionId: string, actor: Actor, outcome: string | null): string | null {
    const execution = executionId.replace(/_\d+$/, '')
    const signatures = (zf.signatures ??= {})
    const round = signatures[spec.elementId]?.execution === execution ? signatures[spec.elementId]! : { execution, by: [], outcome: null }
    if (round.by.includes(actor.id)) throw new Forbidden('您已在本环节签署过意见，须由另一人办理（会签）')
    const passing = spec.outcomes[0] ?? null
    const stepOutcome = round.outcome !== null && round.outcome !== passing ? round.outcome : outcome
    signatures[spec.elementId] = { execution, by: [...round.by, actor.id], outcome: stepOutcome }
    return stepOutcome
  }

  /** Saves the instance only if nobody else saved it since we loaded `revision`. */
  async function save(op: OperationContext, instance: InstanceRecord, revision: number, runtime: ProcessRuntime, result: { state: string; armedTimers: string[]; ended: boolean }) {
    const saved = await op.sql.saveInstance(op.tx, instance.id, revision, {
      state: result.state, variables: JSON.stringify(instance.variables), armedTimers: JSON.stringify(result.armedTimers),
      updatedAt: op.now, endedAt: result.ended ? op.now : null,
    })
    if (!saved) throw new Conflict(instance.id)
    if (result.ended) runtime.dispose()
    else op.release(instance.id, revision + 1, runtime)
  }

  async function afterEnd(op: OperationContext, row: { id: string; definitionKey: string; businessKey: string | null; parentInstanceId: string | null; parentExecutionId: string | null }, variables: Record<string, unknown>) {
    await op.audit(op.tx, { actor: op.actor, action: 'process.end', targetType: 'ProcessInstance', targetId: row.id, detail: { definitionKey: row.definitionKey } })
    await op.hooks.instanceEnded?.({ id: row.id, definitionKey: row.definitionKey, businessKey: row.businessKey }, op.tx)
    if (row.parentInstanceId && row.parentExecutionId) await returnToParent(op, row.parentInstanceId, row.parentExecutionId, variables)
  }

  async function startInstance(
    op: OperationContext,
    definition: InstanceRecord['definition'],
    start: StartOptions & { parentInstanceId?: string; parentExecutionId?: string; calls?: Record<string, string> },
  ): Promise<{ id: string; ended: boolean; variables: Record<string, unknown> }> {
    const calls = start.calls ?? await calleeVersions(op.tx, definition, start.departmentId ?? null)
    const bookkeeping: Bookkeeping = { starter: op.actor?.id ?? null, performers: {}, ...(Object.keys(calls).length ? { calls } : {}) }
    const instance: InstanceRecord = {
      id: crypto.randomUUID(), definition, businessKey: start.businessKey ?? null, departmentId: start.departmentId ?? null,
      startedById: op.actor?.id ?? null,
      variables: { ...jsonCopy(start.variables ?? {}), zf: bookkeeping },
    }
    const runtime = await run(instance.id, () => ProcessRuntime.start(definition, instance.variables))
    const row = {
      id: instance.id, definitionId: definition.id, definitionKey: definition.key, definitionVersion: definition.version,
      businessKey: instance.businessKey, departmentId: instance.departmentId, status: 'running', state: '{}', variables: '{}',
      parentInstanceId: start.parentInstanceId ?? null, parentExecutionId: start.parentExecutionId ?? null,
      startedById: op.actor?.id ?? null, startedByName: op.actor?.displayName ?? null, startedAt: op.now, updatedAt: op.now,
    }
    await op.tx.processInstance.create({ data: row })
    const result = await applyEffects(op, instance, runtime, { tasks: new Map(), timers: new Set() })
    await save(op, instance, 0, runtime, result)
    await op.audit(op.tx, {
      actor: op.actor, action: 'process.start', targetType: 'ProcessInstance', targetId: instance.id,
      detail: { definitionKey: definition.key, version: definition.version, businessKey: instance.businessKey, parentInstanceId: row.parentInstanceId },
    })
    // A child that ends at once is returned to its parent by the parent's own effects, not here.
    if (result.ended) await afterEnd(op, { ...row, parentInstanceId: null, parentExecutionId: null }, instance.variables)
    return { id: instance.id, ended: result.ended, variables: instance.variables }
  }

  /** The versions in force now, for the instance's department, of every process the definition calls, and of theirs in turn. */
  async function calleeVersions(tx: Tx, definition: InstanceRecord['definition'], departmentId: string | null): Promise<Record<string, string>> {
    const calls: Record<string, string> = {}
    const queue = Object.values(definition.model.calls).map((c) => c.calledElement)
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
      if (key in calls || key === definition.key) continue
      const callee = await registry.latest(key, tx, departmentId)
      calls[key] = callee.id
      queue.push(...Object.values(callee.model.calls).map((c) => c.calledElement))
    }
    return calls
  }

  async function startChild(op: OperationContext, parent: InstanceRecord, callExecutionId: string, calledElement: string) {
    // The version fixed when the matter started; an instance from before that was kept calls the one in force.
    const calls = (parent.variables.zf as Bookkeeping | undefined)?.calls
    const pinned = calls?.[calledElement]
    const definition = pinned ? await registry.compiled(pinned, op.tx) : await registry.latest(calledElement, op.tx, parent.departmentId)
    const { zf: _bookkeeping, ...variables } = parent.variables
    return startInstance(op, definition, {
      variables, businessKey: parent.businessKey, departmentId: parent.departmentId,
      parentInstanceId: parent.id, parentExecutionId: callExecutionId, calls: calls ?? {},
    })
  }

  async function loadInstance(tx: Tx, id: string) {
    const row = await sql.instance(tx, id)
    if (!row) throw new InstanceNotFound(id)
    return { row, instance: record(row, await registry.compiled(row.definitionId, tx)) }
  }

  /** The instance's runtime: the warm one if it is at the stored revision, else recovered from the stored state. */
  async function recover(instance: InstanceRecord, row: InstanceRow) {
    let runtime = warm.take(instance.id, row.revision)
    if (runtime) runtime.variables = instance.variables
    else runtime = await run(instance.id, () => ProcessRuntime.recover(instance.definition, row.state, instance.variables))
    return { runtime, before: { ...snapshotBefore(runtime), timers: new Set(JSON.parse(row.armedTimers) as string[]) } }
  }

  /** A called instance ended: complete the parent's call activity with the child's variables. */
  async function returnToParent(op: OperationContext, parentId: string, callExecutionId: string, childVariables: Record<string, unknown>) {
    const { row, instance } = await loadInstance(op.tx, parentId)
    if (row.status !== 'running') return
    const { runtime, before } = await recover(instance, row)
    const call = runtime.waitingCalls().find((c) => c.executionId === callExecutionId)
    if (!call) return
    const { zf: _bookkeeping, ...variables } = childVariables
    instance.variables[call.elementId] = variables
    await run(instance.id, () => runtime.signal(callExecutionId, {}))
    const result = await applyEffects(op, instance, runtime, before)
    await save(op, instance, row.revision, runtime, result)
    if (result.ended) await afterEnd(op, row, instance.variables)
  }

  async function loadOpenTask(tx: Tx, taskId: string, now: Date): Promise<TaskView> {
    const row = await sql.task(tx, taskId)
    if (!row) throw new TaskNotFound(taskId)
    const view = toTaskView(row, now)
    if (view.status !== 'open') throw new TaskNotActive(taskId, view.status)
    return view
  }

  /** `tx`: an authorizer that reads the database reads inside the operation's transaction (SQLite has one writer). */
  async function requireAllowed(actor: Actor, task: TaskView, action: 'complete' | 'claim' | 'assign', tx: Tx) {
    if (!(await authorize(actor, task, action, tx))) {
      throw new Forbidden(`${actor.displayName} 不能${{ complete: '办理', claim: '签收', assign: '转办' }[action]}「${task.name}」`)
    }
  }

  const moves: MoveContext = { db, registry, sql, audit, gateRules: options.gateRules ?? [], now: () => clock.now(), transaction, calleeVersions }

  const engine = {
    /** Checks a definition without storing anything. */
    async validate(xml: string): Promise<ValidateResult> {
      const result = await registry.validate(xml)
      return result.ok
        ? { ok: true, key: result.model.key, name: result.model.name, problems: [], warnings: result.warnings }
        : { ok: false, key: null, problems: result.problems, warnings: result.warnings }
    },

    /** Validates and stores a new immutable version (or returns the newest one when the XML is unchanged). */
    deploy(xml: string, actor: Actor | null, options?: { changeNote?: string }): Promise<DeployedDefinition> {
      return registry.deploy(xml, actor, options)
    },

    /** Deploys every `<dir>/<key>/process.bpmn` whose SHA-256 changed; refused files are reported, not thrown. */
    deployDirectory(dir: string, actor: Actor | null = null, options: DirectoryOptions = {}): Promise<DirectoryDeployment> {
      return registry.deployDirectory(dir, actor, options)
    },

    /**
     * Stores a definition that already passed validation (`validate`, outside
     * any transaction: its checks read the database) inside the caller's
     * transaction — the catalog import stores everything in one.
     */
    async storeDefinitionIn(tx: Tx, xml: string, model: { key: string; name: string }, actor: Actor | null, options: StoreOptions): Promise<{ id: string; key: string; version: number; created: boolean }> {
      const row = await registry.storeIn(tx, xml, model, actor, options)
      return { id: row.id, key: row.key, version: row.version, created: row.created }
    },

    /** Starts an instance of the version of `key` in force for its department. Returns the instance id. */
    async start(key: string, start: StartOptions, actor: Actor): Promise<string> {
      return operate(actor, async (op) => {
        const definition = await registry.latest(key, op.tx, start.departmentId ?? null)
        return (await startInstance(op, definition, start)).id
      })
    },

    /** Completes an open task: checks authorization, outcome and form, then moves the instance on. */
    async complete(taskId: string, input: CompleteInput, actor: Actor): Promise<TaskView> {
      return operate(actor, async (op) => {
        const { tx } = op
        const task = await loadOpenTask(tx, taskId, op.now)
        await requireAllowed(actor, task, 'complete', tx)
        const { row, instance } = await loadInstance(tx, task.instanceId)
        const spec = instance.definition.model.userTasks[task.elementId]!
        if (spec.outcomes.length && !spec.outcomes.includes(input.outcome ?? '')) throw new InvalidOutcome(input.outcome ?? '', spec.outcomes)
        const check = await forms.validate(task.form, input.payload ?? {}, { businessKey: task.businessKey, tx })
        if (!check.ok) throw new InvalidForm(task.form, check.errors)
        const payload = { ...jsonCopy(input.payload ?? {}), ...check.derived }
        const late = spec.lead ? checkLead(spec.lead, payload, shanghaiDate(op.now), op.calendar) : null
        if (late) throw new InvalidForm(task.form, [late])
        const early = spec.period ? checkPeriod(spec.period, payload, task.dueDate, shanghaiDate(op.now), task.name) : null
        if (early) throw new InvalidForm(task.form, [early])

        const { runtime, before } = await recover(instance, row)
        let outcome = input.outcome ?? null
        if (spec.multiInstance) {
          outcome = countSignature(instance.variables.zf, spec, task.executionId, actor, outcome)
          // 会签/或签: every instance's form, by its index, under the result variable.
          const index = /_(\d+)$/.exec(task.executionId)?.[1] ?? '0'
          const previous = instance.variables[spec.resultVariable]
          instance.variables[spec.resultVariable] = { ...(previous && typeof previous === 'object' && !Array.isArray(previous) ? previous : {}), [index]: payload }
        } else instance.variables[spec.resultVariable] = payload
        if (spec.outcomeVariable) instance.variables[spec.outcomeVariable] = outcome
        instance.variables.zf.performers[task.elementId] = actor.id
        const signalled = await run(instance.id, () => runtime.signal(task.executionId, { outcome: input.outcome ?? null }))
        if (!signalled) throw new TaskNotActive(taskId, 'not-waiting')
        if (spec.multiInstance) await run(instance.id, () => completeMultiInstance(runtime, spec, task.executionId))

        const completedAt = op.now
        const prior: PriorState = { revision: row.revision, state: row.state, variables: row.variables, armedTimers: row.armedTimers, openTasks: [...before.tasks.keys()] }
        const claimed = await sql.completeTask(tx, taskId, {
          completedById: actor.id, completedByName: actor.displayName, completedAt,
          payload: JSON.stringify(payload), formVersion: check.formVersion, outcome: input.outcome ?? null, comment: input.comment ?? null,
          priorState: JSON.stringify(prior),
        })
        if (!claimed) throw new TaskNotActive(taskId, 'completed')
        const result = await applyEffects(op, instance, runtime, before, { taskExecutionId: task.executionId })
        await save(op, instance, row.revision, runtime, result)
        await audit(tx, {
          actor, action: 'task.complete', targetType: 'Task', targetId: taskId,
          detail: { instanceId: instance.id, elementId: task.elementId, form: task.form, formVersion: check.formVersion, outcome: input.outcome ?? null, comment: input.comment ?? null },
        })
        const completed: TaskView = {
          ...task, status: 'completed', overdue: false, completedById: actor.id, completedByName: actor.displayName, completedAt,
          payload, formVersion: check.formVersion, outcome: input.outcome ?? null, comment: input.comment ?? null,
        }
        await hooks.taskCompleted?.(completed, actor, tx, completedStep(instance, spec))
        if (result.ended) await afterEnd(op, row, instance.variables)
        return completed
      })
    },

    /** Takes an unassigned task for oneself (签收). */
    async claim(taskId: string, actor: Actor): Promise<TaskView> {
      return transaction(async (tx) => {
        const task = await loadOpenTask(tx, taskId, clock.now())
        await requireAllowed(actor, task, 'claim', tx)
        const { result, effects } = decideClaim(task, actor)
        await applyDecided({ tx, audit, sql, scopes }, effects)
        return result
      })
    },

    /**
     * Gives an open task to a named user (转办 / transfer), or back to the
     * role's pool with `userId: null`. The app checks that the receiver holds
     * the role in the department (authorize(receiver, task, 'receive')).
     */
    async assign(taskId: string, input: { userId: string | null; comment?: string }, actor: Actor): Promise<TaskView> {
      return transaction(async (tx) => {
        const task = await loadOpenTask(tx, taskId, clock.now())
        await requireAllowed(actor, task, 'assign', tx)
        const { result, effects } = decideAssign(task, input, actor)
        await applyDecided({ tx, audit, sql, scopes }, effects)
        return result
      })
    },

    /**
     * 撤回: the one who completed a task takes it back while nobody has
     * completed anything since in that instance. The tasks the completion
     * opened are cancelled (reason `withdrawn`), timers it armed are cancelled
     * and timers it disarmed wait again, the instance returns to its state and
     * variables before the completion, and the step waits again for the one
     * who withdrew it, with its original deadline. Claims and transfers of the
     * follow-up tasks do not block a withdrawal; completions do.
     */
    async withdraw(taskId: string, input: { comment?: string }, actor: Actor): Promise<TaskView> {
      return operate(actor, async (op) => {
        const { tx, now } = op
        const task = await sql.task(tx, taskId)
        if (!task) throw new TaskNotFound(taskId)
        if (task.status !== 'completed' || !task.priorState) throw new NotWithdrawable(taskId, '该任务尚未办结', 'the task is not completed')
        if (task.completedById !== actor.id) throw new Forbidden(`只有办理人本人可以撤回「${task.name}」`)
        const prior = JSON.parse(task.priorState) as PriorState
        const instance = await sql.instance(tx, task.instanceId)
        if (!instance) throw new InstanceNotFound(task.instanceId)
        if (instance.status !== 'running' || instance.revision !== prior.revision + 1) {
          throw new NotWithdrawable(taskId, '后续环节已办理', 'the instance has moved on since')
        }
        if (await tx.processInstance.count({ where: { parentInstanceId: instance.id, startedAt: task.completedAt! } })) {
          throw new NotWithdrawable(taskId, '已启动子流程', 'the completion started a called instance')
        }

        const followUps = await tx.task.findMany({ where: { instanceId: instance.id, status: 'open', executionId: { notIn: prior.openTasks } }, select: { id: true } })
        const followUpIds = followUps.map((t) => t.id)
        await tx.task.updateMany({ where: { id: { in: followUpIds } }, data: { status: 'cancelled', cancelReason: 'withdrawn', completedAt: now } })
        const priorArmed = JSON.parse(prior.armedTimers) as string[]
        const currentArmed = JSON.parse(instance.armedTimers) as string[]
        await tx.timer.updateMany({
          where: {
            instanceId: instance.id, status: 'pending',
            OR: [{ kind: 'due', executionId: { in: followUpIds } }, { kind: { not: 'due' }, executionId: { in: currentArmed.filter((t) => !priorArmed.includes(t)) } }],
          },
          data: { status: 'cancelled' },
        })
        const rearmed = priorArmed.filter((t) => !currentArmed.includes(t))
        if (rearmed.length) {
          await tx.timer.updateMany({ where: { instanceId: instance.id, status: 'cancelled', kind: { not: 'due' }, executionId: { in: rearmed } }, data: { status: 'pending' } })
        }

        const reopened = {
          id: crypto.randomUUID(), instanceId: task.instanceId, executionId: task.executionId, elementId: task.elementId, name: task.name,
          definitionKey: task.definitionKey, businessKey: task.businessKey, form: task.form, role: task.role, scope: task.scope,
          departmentId: task.departmentId, assigneeId: actor.id, gate: task.gate, status: 'open', createdAt: now,
          dueDate: task.dueDate, dueAt: task.dueAt, dueProvisional: Boolean(task.dueProvisional), dueFrom: task.dueAt ? (task.dueFrom ?? task.createdAt) : null,
        }
        await sql.insertTasks(tx, [reopened])
        if (task.dueAt) {
          await tx.timer.create({ data: { id: crypto.randomUUID(), instanceId: task.instanceId, kind: 'due', elementId: task.elementId, executionId: reopened.id, dueAt: task.dueAt, status: 'pending', createdAt: now } })
        }
        const saved = await sql.saveInstance(tx, instance.id, instance.revision, {
          state: prior.state, variables: prior.variables, armedTimers: prior.armedTimers, updatedAt: now, endedAt: null,
        })
        if (!saved) throw new Conflict(instance.id)
        // The app undoes what the completion did outside the engine (or refuses, and all of this rolls back).
        await hooks.taskWithdrawn?.(toTaskView(task, now), actor, tx)
        await audit(tx, {
          actor, action: 'task.withdraw', targetType: 'Task', targetId: taskId,
          detail: { instanceId: instance.id, elementId: task.elementId, reopenedTaskId: reopened.id, cancelledTaskIds: followUpIds, comment: input.comment ?? null },
        })
        return toTaskView({ ...reopened, completedById: null, completedByName: null, completedAt: null, payload: null, formVersion: null, outcome: null, comment: null, cancelReason: null }, now)
      })
    },

    /** The open tasks this actor may act on (待办): assigned to them, or unassigned in a role and department they hold. */
    async tasksFor(actor: Actor, options: { take?: number } = {}): Promise<TaskView[]> {
      const now = clock.now()
      const pools = actor.roles.map((grant) => ({ assigneeId: null, role: grant.role, departmentId: grant.departmentId }))
      const rows = await db.task.findMany({
        where: { status: 'open', OR: [{ assigneeId: actor.id }, ...pools] },
        orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
        take: options.take ?? 200,
      })
      return rows.map((row) => toTaskView(row, now))
    },

    /** Tasks this actor completed (已办), newest first. */
    async tasksDoneBy(actor: Actor, options: { take?: number } = {}): Promise<TaskView[]> {
      const now = clock.now()
      const rows = await db.task.findMany({ where: { completedById: actor.id }, orderBy: { completedAt: 'desc' }, take: options.take ?? 200 })
      return rows.map((row) => toTaskView(row, now))
    },

    /**
     * What a task's step offers, from its definition: the outcomes it accepts
     * (empty: any), its form, who it goes back to. The app shows the step's
     * buttons from this.
     */
    async step(taskId: string): Promise<StepOptions> {
      const task = await db.task.findUnique({ where: { id: taskId }, select: { elementId: true, instance: { select: { definitionId: true } } } })
      if (!task) throw new TaskNotFound(taskId)
      const spec = (await registry.compiled(task.instance.definitionId, db)).model.userTasks[task.elementId]
      if (!spec) throw new TaskNotFound(taskId)
      return {
        elementId: spec.elementId, form: spec.form, outcomes: [...spec.outcomes], assignee: spec.assignee, gate: spec.gate,
        opinionRequired: spec.opinionRequired === true, overdue: spec.overdue ?? null,
      }
    },

    async instance(id: string): Promise<InstanceView> {
      const now = clock.now()
      const row = await db.processInstance.findUnique({
        where: { id },
        include: { tasks: { orderBy: { createdAt: 'asc' } }, timers: { where: { status: 'pending' }, orderBy: { dueAt: 'asc' } } },
      })
      if (!row) throw new InstanceNotFound(id)
      const { zf: _bookkeeping, ...variables } = JSON.parse(row.variables) as Record<string, unknown>
      return {
        id: row.id, definitionKey: row.definitionKey, definitionVersion: row.definitionVersion, businessKey: row.businessKey,
        departmentId: row.departmentId, status: row.status as InstanceStatus, revision: row.revision, variables,
        parentInstanceId: row.parentInstanceId, startedAt: row.startedAt, endedAt: row.endedAt,
        tasks: row.tasks.map((t) => toTaskView(t, now)),
        pendingTimers: row.timers.map((t) => ({ id: t.id, kind: t.kind, elementId: t.elementId, dueAt: t.dueAt })),
      }
    },

    /**
     * Fires the timers due at `now`. Each timer is claimed by a conditional
     * update that only one scheduler can win, in the same transaction that
     * moves its instance on; a failure leaves it pending for the next round.
     */
    async fireDueTimers(now: Date = clock.now(), options: { limit?: number } = {}): Promise<FireResult> {
      const due = await db.timer.findMany({
        where: { status: 'pending', dueAt: { lte: now } },
        orderBy: { dueAt: 'asc' },
        take: options.limit ?? 100,
        select: { id: true, kind: true, instanceId: true, executionId: true, elementId: true },
      })
      const result: FireResult = { fired: 0, skipped: 0 }
      for (const timer of due) {
        try {
          const fired = await operate(null, async (op) => {
            const { tx } = op
            const claimed = await tx.timer.updateMany({ where: { id: timer.id, status: 'pending' }, data: { status: 'fired', firedAt: now } })
            if (claimed.count !== 1) return false
            if (timer.kind === 'due') {
              const task = await tx.task.findUnique({ where: { id: timer.executionId } })
              if (task?.status === 'open') {
                await audit(tx, { actor: null, action: 'task.overdue', targetType: 'Task', targetId: task.id, detail: { instanceId: task.instanceId, elementId: task.elementId, dueDate: task.dueDate } })
                await hooks.taskOverdue?.(toTaskView(task, now), tx)
              }
              return true
            }
            const { row, instance } = await loadInstance(tx, timer.instanceId)
            if (row.status !== 'running') return true
            const { runtime, before } = await recover(instance, row)
            const moved = await run(instance.id, () => runtime.fireTimer(timer.executionId))
            const effects = await applyEffects(op, instance, runtime, before, { timerExecutionId: timer.executionId })
            await save(op, instance, row.revision, runtime, effects)
            await audit(tx, { actor: null, action: 'timer.fire', targetType: 'Timer', targetId: timer.id, detail: { instanceId: instance.id, elementId: timer.elementId, kind: timer.kind, stale: !moved } })
            if (effects.ended) await afterEnd(op, row, instance.variables)
            return true
          })
          if (fired) result.fired += 1
          else result.skipped += 1
        } catch (err) {
          if (!(err instanceof Conflict)) throw err
          result.skipped += 1
        }
      }
      return result
    },

    /**
     * Sets deadline variables of a running instance (e.g. an approved
     * extension of a case's 90 days) and moves the due dates of its open
     * steps that depend on them; see extend-deadline.ts. Conflict when the
     * instance is not at `expectedRevision` or is saved by someone else
     * meanwhile. With `tx`, runs inside the caller's transaction (an app
     * hook of the approving step), so the approval and the extension commit
     * together or not at all.
     */
    async extendDeadline(instanceId: string, input: ExtendDeadlineInput, actor: Actor | null, options: { tx?: Tx } = {}): Promise<ExtendDeadlineResult> {
      calendar ??= await calendarLoader()
      const cal = calendar
      const act = (tx: Tx) => applyDeadlineExtension({
        tx, now: clock.now(), actor, sql, audit, calendar: () => cal,
        model: async (definitionId) => (await registry.compiled(definitionId, tx)).model,
      }, instanceId, input)
      return options.tx ? act(options.tx) : transaction(act)
    },

    /** The running root instances of `key` on versions before `toVersion`: whether each can move there, and why not (move-instances.ts). */
    planMoves(key: string, toVersion: number, options: MoveOptions = {}): Promise<MovePlan> {
      return planMoves(moves, key, toVersion, options)
    },

    /** Moves the chosen instances to version `toVersion` in one audited transaction, or none (MoveRefused). */
    moveInstances(key: string, toVersion: number, instanceIds: readonly string[], actor: Actor | null, options: MoveOptions & { note?: string; moved?: (tx: Tx, moved: MovedInstance) => Promise<void> } = {}): Promise<MovedInstance[]> {
      return moveInstances(moves, key, toVersion, instanceIds, actor, options)
    },

    /** Forget the loaded calendar, e.g. after an administrator edited holidays. */
    reloadCalendar(): void {
      calendar = null
    },

    /** Which open steps' due dates would move under `calendar` (nothing is written): the preview before saving a year. */
    async previewDueDates(proposed: WorkingCalendar): Promise<DueChange[]> {
      return planDueRecompute(await openDueTasks(db), proposed)
    },

    /**
     * Changes the calendar and recomputes, in the same transaction, every open
     * step's due date that depended on it: `write` changes the calendar rows
     * (and adds a CalendarVersion); the tasks and their `due` timers are then
     * updated, the change audited, hooks.dueDateMoved told of each moved date,
     * and `recorded` given the changes (e.g. to keep them with the version).
     */
    async recomputeDueDates(
      actor: Actor | null,
      input: { reason: string; write?: (tx: Tx) => Promise<void>; recorded?: (tx: Tx, changes: DueChange[]) => Promise<void> },
    ): Promise<DueChange[]> {
      let fresh: { calendar: WorkingCalendar; version: number } | null = null
      const changes = await transaction(async (tx) => {
        const now = clock.now()
        await input.write?.(tx)
        const next = await loadCalendar(tx)
        fresh = { calendar: next, version: await calendarVersion(tx) }
        const tasks = await openDueTasks(tx)
        const planned = planDueRecompute(tasks, next)
        const byId = new Map(tasks.map((t) => [t.id, t.row]))
        for (const change of planned) {
          const updated = await tx.task.updateMany({
            where: { id: change.taskId, status: 'open' },
            data: { dueDate: change.to, dueAt: change.dueAt, dueProvisional: change.provisional },
          })
          if (updated.count !== 1) throw new Conflict(byId.get(change.taskId)!.instanceId)
          if (!change.moved) continue
          const row = byId.get(change.taskId)!
          const timer = await tx.timer.updateMany({ where: { kind: 'due', executionId: change.taskId, status: 'pending' }, data: { dueAt: change.dueAt } })
          // A deadline moved later than an overdue notice already given: the step waits for its new deadline again.
          if (timer.count === 0 && change.dueAt > now) {
            await tx.timer.create({ data: { id: crypto.randomUUID(), instanceId: row.instanceId, kind: 'due', elementId: row.elementId, executionId: change.taskId, dueAt: change.dueAt, status: 'pending', createdAt: now } })
          }
          await hooks.dueDateMoved?.(toTaskView({ ...row, dueDate: change.to, dueAt: change.dueAt, dueProvisional: change.provisional }, now), { from: change.from, to: change.to }, tx)
        }
        await audit(tx, {
          actor, action: 'calendar.recompute', targetType: 'Calendar', targetId: String(fresh.version),
          detail: { reason: input.reason, changes: planned.map((c) => ({ taskId: c.taskId, from: c.from, to: c.to, provisional: c.provisional })) },
        })
        await input.recorded?.(tx, planned)
        return planned
      })
      const loaded = fresh as { calendar: WorkingCalendar; version: number } | null
      if (loaded) {
        calendar = loaded.calendar
        calendarLoadedAt = loaded.version
      }
      return changes
    },
  }
  return engine
}

export type WorkflowEngine = ReturnType<typeof createEngine>
