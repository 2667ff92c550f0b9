/**
 * 查封、扣押的期限 (行政强制法第二十五条): a seizure lasts at most 30 days
 * from the coercion decision; when the case is complex the head (负责人) may
 * extend it, by at most 30 days, with a written decision to the party
 * (延长查封扣押期限决定书). The decision on the seized goods is due within
 * the period (第二十七条). The period is the coercion-general instance's
 * `seizureDeadline` variable, set when the decision is made and moved by an
 * approved extension through the engine's extendDeadline — in the completing
 * step's own transaction, so the open 查封扣押处理决定 step's due date moves
 * with the approval, and a refused request changes nothing.
 */
import type { Tx } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import { InvalidForm, type TaskView, type WorkflowEngine } from '../../../engine/index.ts'
import { addDays } from '../../../engine/calendar/dates.ts'
import { Conflict } from '../errors.ts'

export const COERCION_DEFINITION = 'coercion-general'
export const SEIZURE_MEASURE = '依法查封、扣押'
/** 第二十五条第一款: 查封、扣押的期限不得超过三十日 (calendar days: 第六十九条 makes only periods of ten days or less working days). */
export const SEIZURE_PERIOD_DAYS = 30
/** 第二十五条第一款: 延长期限不得超过三十日. */
export const SEIZURE_EXTENSION_MAX_DAYS = 30

export interface SeizureExtensionRecord {
  from: string
  until: string
  reason: string
  approvedById: string
  approvedByName: string
  approvedAt: string
}

interface SeizureVariables {
  seizureDeadline?: string
  seizurePeriod?: { start: string; originalEnd: string }
  seizureExtensions?: SeizureExtensionRecord[]
}

interface ExtensionRequest {
  seizureStart?: string
  originalEnd?: string
  extendedUntil?: string
  reason?: string
}

async function seizureVariables(tx: Tx, instanceId: string): Promise<SeizureVariables> {
  const row = await tx.processInstance.findUniqueOrThrow({ where: { id: instanceId }, select: { variables: true } })
  return JSON.parse(row.variables) as SeizureVariables
}

/** The latest date an extension may reach: 30 days after the original period ends. */
export function latestExtension(originalEnd: string): string {
  return addDays(originalEnd, SEIZURE_EXTENSION_MAX_DAYS)
}

/** Refused like any form error, so the step's page marks the field (400, nothing saved). */
function checkRequest(request: ExtensionRequest, vars: SeizureVariables) {
  const period = vars.seizurePeriod
  const deadline = vars.seizureDeadline
  if (!period || !deadline) throw new Conflict('本案没有查封、扣押期限，不能延长。')
  const latest = latestExtension(period.originalEnd)
  const errors: Array<{ path: string; message: string }> = []
  if (request.seizureStart !== period.start) errors.push({ path: '/seizureStart', message: `查封、扣押自行政强制决定书日期 ${period.start} 起算，请按此填写。` })
  if (request.originalEnd !== period.originalEnd) errors.push({ path: '/originalEnd', message: `原查封、扣押期限于 ${period.originalEnd} 届满（三十日），请按此填写。` })
  if (!request.extendedUntil || request.extendedUntil <= deadline) {
    errors.push({ path: '/extendedUntil', message: `延长后的期限应晚于现查封、扣押期限 ${deadline}。` })
  } else if (request.extendedUntil > latest) {
    errors.push({ path: '/extendedUntil', message: `延长期限不得超过三十日（行政强制法第二十五条）：原期限 ${period.originalEnd} 届满，最迟只能延长至 ${latest}。` })
  }
  if (errors.length) throw new InvalidForm('seizure-extension-decision', errors)
}

/**
 * The engine's taskCompleted hook for the seizure steps of coercion-general:
 * a decision that seizes starts the 30 days; the written extension is checked
 * when drafted and again when the head approves it; the approval moves the
 * period and the decision step's due date.
 */
export async function onSeizureStep(workflow: WorkflowEngine, tx: Tx, task: TaskView, actor: Actor): Promise<void> {
  if (task.definitionKey !== COERCION_DEFINITION) return
  if (task.elementId === 'coercionDecision') {
    const decision = task.payload as { measures?: string[]; issueDate?: string }
    if (!decision.measures?.includes(SEIZURE_MEASURE) || !decision.issueDate) return
    const originalEnd = addDays(decision.issueDate, SEIZURE_PERIOD_DAYS)
    await workflow.extendDeadline(task.instanceId, {
      set: { seizureDeadline: originalEnd, seizurePeriod: { start: decision.issueDate, originalEnd }, seizureExtensions: [] },
      reason: '查封、扣押期限自行政强制决定书日期起三十日（行政强制法第二十五条）',
    }, actor, { tx })
    return
  }
  if (task.elementId === 'seizureExtension') {
    checkRequest(task.payload as ExtensionRequest, await seizureVariables(tx, task.instanceId))
    return
  }
  if (task.elementId !== 'extensionApproval' || task.outcome !== 'approve') return
  const vars = await seizureVariables(tx, task.instanceId)
  const request = (vars as { seizureExtension?: ExtensionRequest }).seizureExtension ?? {}
  checkRequest(request, vars)
  const record: SeizureExtensionRecord = {
    from: vars.seizureDeadline!, until: request.extendedUntil!, reason: request.reason ?? '',
    approvedById: actor.id, approvedByName: actor.displayName, approvedAt: (task.completedAt ?? new Date()).toISOString(),
  }
  await workflow.extendDeadline(task.instanceId, {
    set: { seizureDeadline: record.until, seizureExtensions: [...(vars.seizureExtensions ?? []), record] },
    reason: record.reason,
  }, actor, { tx })
}
