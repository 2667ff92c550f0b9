/**
 * An instance as the pure decisions see it: plain data, no database row.
 */
import type { CompiledDefinition } from '../runtime/compiled-definition.ts'

/** Engine bookkeeping kept in the reserved variable `zf`. */
export interface Bookkeeping {
  starter: string | null
  /** Who last completed each user task element: for zf:assignee="previous" (退回 goes back to the same person). */
  performers: Record<string, string>
  /**
   * The version (definition id) of every process this instance may call,
   * directly or through its callees, fixed when the root instance started:
   * a matter runs on the versions it started with, whatever is activated
   * later (docs/decisions/025). Absent on instances started before it was kept.
   */
  calls?: Record<string, string>
  /**
   * The round of signatures of each multi-instance step (会签/或签/按比例):
   * the step's execution, who signed and the step's outcome so far. A new
   * execution (the step entered again after a return) starts a new round.
   */
  signatures?: Record<string, { execution: string; by: string[]; outcome: string | null }>
}

export interface InstanceRecord {
  id: string
  definition: CompiledDefinition
  businessKey: string | null
  departmentId: string | null
  startedById: string | null
  variables: Record<string, unknown> & { zf: Bookkeeping }
}

/**
 * An instance as stored (the row, with its JSON fields as text): what a
 * decision needs of it beyond the parsed record — the revision it saves
 * against, the text a completion keeps for withdrawal, its parent.
 */
export interface StoredInstance {
  id: string
  definitionKey: string
  businessKey: string | null
  status: string
  revision: number
  state: string
  variables: string
  armedTimers: string
  parentInstanceId: string | null
  parentExecutionId: string | null
}

/** What a completed task remembers of its instance, for withdrawal. */
export interface PriorState {
  revision: number
  state: string
  variables: string
  armedTimers: string
  /** Execution ids of the user tasks that were waiting before the completion. */
  openTasks: string[]
}

/** What was waiting before the act, to tell new from old. */
export interface Before {
  /** Waiting user tasks: execution id → element id. */
  tasks: Map<string, string>
  timers: Set<string>
}

/** What an instance knows about itself when a scope is resolved. */
export interface InstanceContext {
  instanceId: string
  definitionKey: string
  businessKey: string | null
  /** The department the instance belongs to (e.g. the case's department). */
  departmentId: string | null
  startedById: string | null
  variables: Readonly<Record<string, unknown>>
}

export function instanceContext(instance: InstanceRecord): InstanceContext {
  return {
    instanceId: instance.id,
    definitionKey: instance.definition.key,
    businessKey: instance.businessKey,
    departmentId: instance.departmentId,
    startedById: instance.startedById,
    variables: instance.variables,
  }
}
