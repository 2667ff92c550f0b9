/**
 * 签收: an unassigned open task is taken by the actor. Pure: the caller has
 * loaded the open task and checked that the actor may claim it (the
 * authorizer may read the database); the adapter applies the effects.
 *
 * @example
 *   decideClaim(task, actor).effects
 *   // → [{ kind: 'assignTask', taskId, from: null, to: actor.id, … }, { kind: 'audit', entry: { action: 'task.claim', … } }]
 */
import type { Actor } from '../actor.ts'
import { Conflict } from '../errors.ts'
import type { TaskView } from '../task-view.ts'
import type { Decision } from './effects.ts'

export function decideClaim(task: TaskView, actor: Actor): Decision<TaskView> {
  // Someone holds it already (claimed or transferred): the same answer as losing the race for it.
  if (task.assigneeId !== null) throw new Conflict(task.instanceId)
  return {
    result: { ...task, assigneeId: actor.id },
    effects: [
      { kind: 'assignTask', taskId: task.id, instanceId: task.instanceId, from: null, to: actor.id },
      { kind: 'audit', entry: { actor, action: 'task.claim', targetType: 'Task', targetId: task.id, detail: { instanceId: task.instanceId, elementId: task.elementId } } },
    ],
  }
}
