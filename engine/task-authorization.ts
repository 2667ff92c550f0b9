/**
 * Who may act on a task: the pure rule the app's authorizer builds on
 * (adding CASL, stopped accounts and certificates).
 */
import type { Actor } from './actor.ts'
import type { TaskAction } from './adapters.ts'
import type { TaskView } from './task-view.ts'

/** Holds the task's role in the task's department. */
export function holdsTaskRole(actor: Actor, task: Pick<TaskView, 'role' | 'departmentId'>): boolean {
  return actor.roles.some((grant) => grant.role === task.role && grant.departmentId === task.departmentId)
}

/**
 * - complete: the assignee, or, while nobody is assigned, any holder of the role in the department;
 * - claim: a holder of the role in the department, while nobody is assigned;
 * - assign (转办): the assignee, or a holder of the role while nobody is assigned;
 * - receive: a holder of the role in the department (the target of an assignment).
 * Nobody acts on a task that is not open.
 */
export function mayActOnTask(actor: Actor, task: TaskView, action: TaskAction): boolean {
  if (task.status !== 'open') return false
  switch (action) {
    case 'complete':
    case 'assign':
      return task.assigneeId ? task.assigneeId === actor.id : holdsTaskRole(actor, task)
    case 'claim':
      return !task.assigneeId && holdsTaskRole(actor, task)
    case 'receive':
      return holdsTaskRole(actor, task)
  }
}
