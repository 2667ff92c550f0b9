/**
 * Zhifa's workflow engine: our small interface over bpmn-engine.
 *
 * Every operation is one database transaction: load → decide → apply.
 * The adapter loads what the operation needs (the task, the instance, its
 * runtime — warm or recovered —, the form catalog's answer, the called
 * definitions); a pure decision in transition/ (one file per operation)
 * checks the command and returns the result with its effects; the adapter
 * applies the effects in order (store/apply-effects.ts), saving the instance
 * only if its revision is unchanged (else Conflict). Nothing is saved when
 * anything fails, and no live timer outlives a call (docs/decisions/033).
 */
import crypto from 'node:crypto'
import type { Db, Tx } from '../prisma/client.ts'
import type { Actor } from './actor.ts'
import type { AuditSink, Authorizer, EngineHooks, FormCatalog, RoleCatalog, ScopeResolver } from './adapters.ts'
import { calendarVersion, loadCalendar } from './calendar/calendar-store.ts'
import type { WorkingCalendar } from './calendar/working-calendar.ts'
import { systemClock, type Clock } from './clock.ts'
import type { DefinitionCatalogs } from './definition/zhifa-rules.ts'
import type { OverduePolicy } from './definition/definition-model.ts'
import { DefinitionRegistry, type ActiveVersion, type DeployedDefinition, type DirectoryDeployment, type DirectoryOptions, type StoreOptions } from './store/definition-registry.ts'
import type { GateRule } from './definition/gate-check.ts'
import { planDueRecompute, type DueChange, type OpenDueTask } from './due-recompute.ts'
import type { DefinitionProblem } from './errors.ts'
import { Conflict, DefinitionNotFound, EngineError, Forbidden, InstanceNotFound, TaskNotActive, TaskNotFound } from './errors.ts'
import type { CompiledDefinition } from './runtime/compiled-definition.ts'
import { ProcessRuntime } from './runtime/process-runtime.ts'
import { applyDecided } from './store/apply-effects.ts'
import { dialectOf, EngineSql, type InstanceRow } from './store/engine-sql.ts'
import { WarmRuntimes } from './warm-runtimes.ts'
import { runOn, type SettledRuntime, type TransitionContext } from './transition/advance.ts'
import { decideAssign } from './transition/assign.ts'
import { decideClaim } from './transition/claim.ts'
import { decideComplete, type CompleteCommand } from './transition/complete.ts'
import type { Effect, ReturnToParentEffect } from './transition/effects.ts'
import { decideExtendDeadline, type ExtendDeadlineInput, type ExtendDeadlineResult } from './transition/extend-deadline.ts'
import { decideFireTimer, type TimerTarget } from './transition/fire-timers.ts'
import type { InstanceRecord } from './transition/instance-state.ts'
import { decideReturn } from './transition/return-to-parent.ts'
import { decideStart, type StartCommand } from './transition/start.ts'
import { decideWithdraw } from './transition/withdraw.ts'
import { moveInstances, planMoves, type MoveContext, type MovedInstance, type MoveOptions, type MovePlan } from './store/move-instances.ts'
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

export type StartOptions = StartCommand

export type CompleteInput = CompleteCommand

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

/** Prisma's "write conflict or deadlock, retry the transaction" (PostgreSQL serialization failures). */
const ENGINE_ERROR_CODES_FOR_DB_CONFLICT = new Set(['P2034'])

/** The callee resolver of a definition without call activities: never asked. */
const noCallees: TransitionContext['callee'] = (key) => {
  throw new DefinitionNotFound(key)
}

/** One operation in its transaction. */
interface OperationContext {
  tx: Tx
  now: Date
  actor: Actor | null
  calendar: () => WorkingCalendar
  /** Hands a runtime back after the operation, to be kept warm if the transaction commits. */
  release(instanceId: string, revision: number, runtime: ProcessRuntime): void
}

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
      return act({ tx, now: clock.now(), actor, calendar: () => cal, release: (id, revision, runtime) => released.push([id, revision, runtime]) })
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

  /** The versions in force now, for the instance's department, of every process the definition calls, and of theirs in turn. */
  async function calleeVersions(tx: Tx, definition: CompiledDefinition, departmentId: string | null): Promise<Record<string, string>> {
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

  /**
   * The definitions the instance's call activities (and their callees') may
   * start, loaded before deciding: the version pinned when the matter started,
   * else — an instance kept from before that was recorded — the one in force.
   * One that cannot be found fails the operation only if a call reaches it.
   */
  async function calleesOf(tx: Tx, definition: CompiledDefinition, pinned: Record<string, string> | undefined, departmentId: string | null): Promise<TransitionContext['callee']> {
    if (Object.keys(definition.model.calls).length === 0) return noCallees
    const found = new Map<string, CompiledDefinition | EngineError>()
    const queue = Object.values(definition.model.calls).map((c) => c.calledElement)
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
      if (found.has(key)) continue
      const id = pinned?.[key]
      try {
        const callee = id ? await registry.compiled(id, tx) : await registry.latest(key, tx, departmentId)
        found.set(key, callee)
        queue.push(...Object.values(callee.model.calls).map((c) => c.calledElement))
      } catch (err) {
        if (!(err instanceof EngineError)) throw err
        found.set(key, err)
      }
    }
    return (key) => {
      const callee = found.get(key)
      if (callee instanceof EngineError) throw callee
      if (!callee) throw new DefinitionNotFound(key)
      return callee
    }
  }

  async function contextFor(op: OperationContext, instance: InstanceRecord): Promise<TransitionContext> {
    return { now: op.now, actor: op.actor, calendar: op.calendar, newId: () => crypto.randomUUID(), callee: await calleesOf(op.tx, instance.definition, instance.variables.zf.calls, instance.departmentId) }
  }

  /** Applies a decision's effects, then hands its runtimes back to be kept warm once the transaction commits. */
  async function apply(op: OperationContext, decided: { effects: Effect[]; settled?: SettledRuntime[] }): Promise<void> {
    await applyDecided({ tx: op.tx, audit, sql, scopes, hooks, returnToParent: (effect) => returnToParent(op, effect) }, decided.effects)
    for (const { instanceId, revision, runtime, ended } of decided.settled ?? []) {
      if (ended) runtime.dispose()
      else op.release(instanceId, revision, runtime)
    }
  }

  async function loadInstance(tx: Tx, id: string) {
    const row = await sql.instance(tx, id)
    if (!row) throw new InstanceNotFound(id)
    return { row, instance: record(row, await registry.compiled(row.definitionId, tx)) }
  }

  /** The instance's runtime: the warm one if it is at the stored revision, else recovered from the stored state. */
  async function recover(instance: InstanceRecord, row: InstanceRow): Promise<ProcessRuntime> {
    const runtime = warm.take(instance.id, row.revision)
    if (!runtime) return runOn(instance.id, () => ProcessRuntime.recover(instance.definition, row.state, instance.variables))
    runtime.variables = instance.variables
    return runtime
  }

  /** A called instance ended: its parent decides its return (return-to-parent.ts), in the same transaction. */
  async function returnToParent(op: OperationContext, effect: ReturnToParentEffect): Promise<void> {
    const { row, instance } = await loadInstance(op.tx, effect.parentInstanceId)
    const decided = await decideReturn(
      { stored: row, instance, runtime: () => recover(instance, row), callExecutionId: effect.callExecutionId, childVariables: effect.variables },
      await contextFor(op, instance),
    )
    await apply(op, decided)
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
        const departmentId = start.departmentId ?? null
        const definition = await registry.latest(key, op.tx, departmentId)
        const calls = await calleeVersions(op.tx, definition, departmentId)
        const ctx: TransitionContext = { now: op.now, actor, calendar: op.calendar, newId: () => crypto.randomUUID(), callee: await calleesOf(op.tx, definition, calls, departmentId) }
        const decided = await decideStart({ definition, command: start, calls }, ctx)
        await apply(op, decided)
        return decided.result.instance.id
      })
    },

    /** Completes an open task: checks authorization, outcome and form, then moves the instance on. */
    async complete(taskId: string, input: CompleteInput, actor: Actor): Promise<TaskView> {
      return operate(actor, async (op) => {
        const { tx } = op
        const task = await loadOpenTask(tx, taskId, op.now)
        await requireAllowed(actor, task, 'complete', tx)
        const { row, instance } = await loadInstance(tx, task.instanceId)
        const formCheck = await forms.validate(task.form, input.payload ?? {}, { businessKey: task.businessKey, tx })
        const decided = await decideComplete(
          { task, stored: row, instance, runtime: () => recover(instance, row), command: input, formCheck, actor },
          await contextFor(op, instance),
        )
        await apply(op, decided)
        return decided.result
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
        const { tx } = op
        const task = await sql.task(tx, taskId)
        if (!task) throw new TaskNotFound(taskId)
        const instance = await sql.instance(tx, task.instanceId)
        const startedChild = task.completedAt !== null && (await tx.processInstance.count({ where: { parentInstanceId: task.instanceId, startedAt: task.completedAt } })) > 0
        const openTasks = await tx.task.findMany({ where: { instanceId: task.instanceId, status: 'open' }, select: { id: true, executionId: true } })
        const decided = decideWithdraw({ task, instance, startedChild, openTasks, command: input, actor }, { now: op.now, newId: () => crypto.randomUUID() })
        await apply(op, decided)
        return decided.result
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
            // The claim comes before anything is read: it takes SQLite's write lock first, so two schedulers wait on
            // each other instead of one failing to write from a snapshot it read before the other committed.
            const claimed = await tx.timer.updateMany({ where: { id: timer.id, status: 'pending' }, data: { status: 'fired', firedAt: now } })
            if (claimed.count !== 1) return false
            let target: TimerTarget
            if (timer.kind === 'due') target = { kind: 'step', task: await sql.task(tx, timer.executionId) }
            else {
              const { row, instance } = await loadInstance(tx, timer.instanceId)
              target = { kind: 'instance', stored: row, instance, runtime: () => recover(instance, row) }
            }
            const ctx = target.kind === 'instance' ? await contextFor(op, target.instance) : { now: op.now, actor: null, calendar: op.calendar, newId: () => crypto.randomUUID(), callee: noCallees }
            await apply(op, await decideFireTimer({ timer, firedAt: now, target }, ctx))
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
      const act = async (tx: Tx) => {
        const stored = await sql.instance(tx, instanceId)
        if (!stored) throw new InstanceNotFound(instanceId)
        const { model } = await registry.compiled(stored.definitionId, tx)
        const openTasks = await tx.task.findMany({ where: { instanceId, status: 'open' }, select: { id: true, elementId: true, createdAt: true, dueDate: true, dueAt: true } })
        const decided = decideExtendDeadline(
          { stored, openTasks, dueOf: (elementId) => model.userTasks[elementId]?.due ?? null, command: input, actor },
          { now: clock.now(), calendar: () => cal, newId: () => crypto.randomUUID() },
        )
        await applyDecided({ tx, audit, sql, scopes }, decided.effects)
        return decided.result
      }
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
