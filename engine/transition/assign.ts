/**
 * 转办: an open task is given to a named user, or back to its role's pool
 * (`userId: null`). Pure: the caller has loaded the open task and checked
 * that the actor may transfer it (the app checks the receiver with
 * authorize(receiver, task, 'receive')).
 */
import type { Actor } from '../actor.ts'
import type { TaskView } from '../task-view.ts'
import type { Decision } from './effects.ts'

export function decideAssign(task: TaskView, input: { userId: string | null; comment?: string }, actor: Actor): Decision<TaskView> {
  return {
    result: { ...task, assigneeId: input.userId },
    effects: [
      { kind: 'assignTask', taskId: task.id, instanceId: task.instanceId, from: task.assigneeId, to: input.userId },
      {
        kind: 'audit',
        entry: {
          actor, action: 'task.assign', targetType: 'Task', targetId: task.id,
          detail: { instanceId: task.instanceId, elementId: task.elementId, from: task.assigneeId, to: input.userId, comment: input.comment ?? null },
        },
      },
    ],
  }
}
