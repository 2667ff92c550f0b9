/**
 * engine/ public interface. Nothing of bpmn-engine is exported: callers
 * see definitions, instances, tasks and timers as our own types.
 */
export { createEngine } from './workflow-engine.ts'
export type { WorkflowEngine, EngineOptions, StartOptions, CompleteInput, StepOptions, InstanceView, InstanceStatus, FireResult, ValidateResult } from './workflow-engine.ts'
export { sha256 } from './store/definition-registry.ts'
export type { ActiveVersion, DeployedDefinition, DirectoryDeployment, DirectoryOptions, StoreOptions } from './store/definition-registry.ts'
export type { FormCatalog, FormCheck, RoleCatalog, ScopeResolver, InstanceContext, Authorizer, TaskAction, AuditSink, EngineAuditEntry, EngineHooks, CompletedStep } from './adapters.ts'
export type { TaskView, TaskStatus } from './task-view.ts'
export { mayActOnTask, holdsTaskRole } from './task-authorization.ts'
export * from './errors.ts'
export type { Actor, RoleGrant } from './actor.ts'
export { systemClock, ManualClock, type Clock } from './clock.ts'
export { planDeadlineExtension, type DueChange as DeadlineDueChange, type OpenStepDue, type ExtendDeadlineInput, type ExtendDeadlineResult } from './transition/extend-deadline.ts'
export { parseDue, computeDue, isExactDue, type DueSpec, type Due } from './due.ts'
export { checkFeel, evaluateFeel } from './feel.ts'
export {
  addWorkingDays, countWorkingDays, workingDaysBetween, isWorkingDay, isProvisional, buildCalendar, PROVISIONAL_YEARS,
  type WorkingCalendar, type CalendarDayRow, type DayKind, type WorkingDayResult,
} from './calendar/working-calendar.ts'
export { provisionalYear, provisionalHolidays, PROVISIONAL_LAST_YEAR } from './calendar/provisional-holidays.ts'
export {
  checkSchedule, scheduleDays, parseScheduleFile, parseHolidayLines, parseWorkdayLines, normalizeDate,
  type YearSchedule, type HolidayRange, type MakeUpWorkday, type ScheduleProblem, type ScheduleDay, type ScheduleFormat,
} from './calendar/year-schedule.ts'
export { planDueRecompute, type DueChange, type OpenDueTask } from './due-recompute.ts'
export { shanghaiDate, startOfShanghaiDay } from './calendar/dates.ts'
export { seedCalendar, loadCalendar, calendarVersion } from './calendar/calendar-store.ts'
export { statutoryCalendarDays, SEED_YEARS, SEED_NOTICES, HOLIDAY_SOURCE } from './calendar/statutory-holidays.ts'
export { ZF_NAMESPACE } from './definition/parse-bpmn.ts'
export type { GateRule } from './definition/gate-check.ts'
export { validateDefinition } from './definition/validate-definition.ts'
export type { DefinitionCatalogs } from './definition/zhifa-rules.ts'
export { parseLead, checkLead, latestDay } from './lead.ts'
export { parsePeriod, checkPeriod } from './party-period.ts'
export type { LeadSpec, OverduePolicy, UserTaskSpec, DefinitionModel } from './definition/definition-model.ts'
export type { MoveCandidate, MovePlan, MovedInstance, MoveOptions } from './store/move-instances.ts'
export { checkMove, passedGates, type MoveReason, type MoveReasonCode } from './move-check.ts'
