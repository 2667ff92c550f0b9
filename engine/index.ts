/**
 * engine/ public interface. Nothing of bpmn-engine is exported: callers
 * see definitions, instances, tasks and timers as our own types.
 */
export { createEngine } from './workflow-engine.ts'
export type { WorkflowEngine, EngineOptions, StartOptions, CompleteInput, InstanceView, InstanceStatus, FireResult, ValidateResult } from './workflow-engine.ts'
export type { DeployedDefinition, DirectoryDeployment } from './definition-registry.ts'
export type { FormCatalog, FormCheck, RoleCatalog, ScopeResolver, InstanceContext, Authorizer, TaskAction, AuditSink, EngineAuditEntry, EngineHooks, CompletedStep } from './adapters.ts'
export type { TaskView, TaskStatus } from './task-view.ts'
export { mayActOnTask, holdsTaskRole } from './task-authorization.ts'
export * from './errors.ts'
export type { Actor, RoleGrant } from './actor.ts'
export { systemClock, ManualClock, type Clock } from './clock.ts'
export { parseDue, computeDue, type DueSpec, type Due } from './due.ts'
export { checkFeel, evaluateFeel } from './feel.ts'
export { addWorkingDays, workingDaysBetween, isWorkingDay, buildCalendar, type WorkingCalendar, type CalendarDayRow, type DayKind } from './calendar/working-calendar.ts'
export { shanghaiDate, startOfShanghaiDay } from './calendar/dates.ts'
export { seedCalendar, loadCalendar } from './calendar/calendar-store.ts'
export { statutoryCalendarDays, SEED_YEARS, HOLIDAY_SOURCE } from './calendar/statutory-holidays.ts'
export { ZF_NAMESPACE } from './definition/parse-bpmn.ts'
export type { GateRule } from './definition/gate-check.ts'
export { parseLead, checkLead, latestDay } from './lead.ts'
export type { LeadSpec, UserTaskSpec, DefinitionModel } from './definition/definition-model.ts'
