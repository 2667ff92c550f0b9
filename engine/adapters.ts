/**
 * What the engine needs from the outside world. The app wires real
 * implementations (audit via appendAudit, authorization via CASL, forms via
 * the forms registry, scopes via the department tree); tests wire small
 * real ones. The engine never imports from app/.
 */
import type { Tx } from '../prisma/client.ts'
import type { Actor } from './actor.ts'
import type { TaskView } from './task-view.ts'
import type { FormCheck } from './transition/complete.ts'
import type { CompletedStep, EngineAuditEntry } from './transition/effects.ts'
import type { InstanceContext } from './transition/instance-state.ts'

export type { FormCheck } from './transition/complete.ts'

/** The forms registry as the engine sees it. */
export interface FormCatalog {
  /** Whether a form with this document key exists (checked at deploy). */
  exists(formKey: string): boolean | Promise<boolean>
  /**
   * Validates a payload against the form's JSON Schema; returns the version it was checked against.
   * `context` names the instance's business key (the matter, whose form versions may be pinned) and
   * the operation's transaction (a lookup on another connection would wait for it).
   */
  validate(formKey: string, payload: unknown, context?: { businessKey: string | null; tx: Tx }): FormCheck | Promise<FormCheck>
}

/** Role keys known to the system (glossary.md). */
export interface RoleCatalog {
  exists(roleKey: string): boolean
}

export type { InstanceContext } from './transition/instance-state.ts'

/**
 * Turns a zf:scope key (`case-department`, `legal-office`, `region-policy-office`, …)
 * into the id of the department whose staff act on the task. `step` names the
 * task's role, for scopes that find the department by who holds it (`level-above`:
 * the unit of the organ above where that role sits).
 */
export interface ScopeResolver {
  /** Whether the key means anything (checked at deploy). */
  knows(scope: string): boolean
  resolve(scope: string, instance: InstanceContext, tx: Tx, step?: { role: string }): Promise<string | null>
}

export type TaskAction = 'complete' | 'claim' | 'assign' | 'receive'

/**
 * May this actor do this to this task? The app answers with CASL; the engine
 * ships the pure rule `mayActOnTask` that such an implementation can build on.
 */
export type Authorizer = (actor: Actor, task: TaskView, action: TaskAction, tx?: Tx) => boolean | Promise<boolean>

export type { EngineAuditEntry } from './transition/effects.ts'

/** Writes an operation-log entry inside the transaction that makes the change. */
export type AuditSink = (tx: Tx, entry: EngineAuditEntry) => Promise<void>

export type { CompletedStep } from './transition/effects.ts'

/** Optional hooks for what other parts of the system do on engine events, inside the same transaction. */
export interface EngineHooks {
  /**
   * A task was completed. Runs inside the completing transaction, after the
   * instance moved on: what the app does here (issue the step's document,
   * record a gate decision) commits or fails together with the completion.
   */
  taskCompleted?(task: TaskView, actor: Actor, tx: Tx, step: CompletedStep): Promise<void>
  /**
   * A completion is being withdrawn (撤回), inside the withdrawing
   * transaction: undo what taskCompleted did, or throw to refuse.
   */
  taskWithdrawn?(task: TaskView, actor: Actor, tx: Tx): Promise<void>
  /** A zf:due deadline passed while the task was still open. */
  taskOverdue?(task: TaskView, tx: Tx): Promise<void>
  /** A calendar change moved an open task's due date (recomputeDueDates); `task` shows the new one. */
  dueDateMoved?(task: TaskView, change: { from: string; to: string }, tx: Tx): Promise<void>
  /** An instance reached its end. */
  instanceEnded?(instance: { id: string; definitionKey: string; businessKey: string | null }, tx: Tx): Promise<void>
}
