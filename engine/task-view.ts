/**
 * A task as the inbox, the authorizer and the app see it: a row of the
 * Task projection with its JSON fields parsed and `overdue` computed.
 */
export type TaskStatus = 'open' | 'completed' | 'cancelled'

/** A row of the Task projection as the store reads it. */
export interface TaskRow {
  id: string
  instanceId: string
  /** bpmn-engine's execution id of the waiting step (opaque). */
  executionId: string
  elementId: string
  name: string
  definitionKey: string
  businessKey: string | null
  form: string
  role: string
  scope: string
  /** Department whose holders of `role` may act. */
  departmentId: string | null
  assigneeId: string | null
  gate: string | null
  status: string
  createdAt: Date
  dueDate: string | null
  dueAt: Date | null
  /** The due date counts over a provisional calendar day (暂定). Raw SQLite reads give 0 or 1. */
  dueProvisional: boolean | number
  /** When the deadline counts from. */
  dueFrom: Date | null
  completedById: string | null
  completedByName: string | null
  completedAt: Date | null
  /** The submitted form data as JSON text. */
  payload: string | null
  formVersion: string | null
  outcome: string | null
  comment: string | null
  cancelReason: string | null
  /** Engine-internal: the instance before this task was completed (for withdraw); never shown. */
  priorState?: string | null
}

export type TaskView = Omit<TaskRow, 'status' | 'payload' | 'priorState' | 'dueProvisional'> & {
  status: TaskStatus
  dueProvisional: boolean
  payload: unknown
  /** Open and past its due instant at the time the view was made. */
  overdue: boolean
}

export function toTaskView({ priorState: _prior, ...row }: TaskRow, now: Date): TaskView {
  const status = row.status as TaskStatus
  return {
    ...row,
    status,
    dueProvisional: Boolean(row.dueProvisional),
    payload: row.payload === null ? null : JSON.parse(row.payload),
    overdue: status === 'open' && row.dueAt !== null && now.getTime() >= row.dueAt.getTime(),
  }
}
