/**
 * Entering or correcting a year of the working-day calendar (工作日历): the
 * years entered with their notices, the provisional years after them, a
 * preview of the open steps whose due dates a schedule would move, and the
 * save — one engine operation (recomputeDueDates) that writes the year's
 * days, adds a calendar version, recomputes the due dates and their timers,
 * notifies, and audits, all in one transaction.
 * docs/decisions/018-calendar-versions-and-provisional-years.md
 */
import type { Db, Tx } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { Clock } from '../../../engine/clock.ts'
import {
  buildCalendar, scheduleDays, shanghaiDate, checkSchedule, parseHolidayLines, parseScheduleFile, parseWorkdayLines, provisionalYear, type DueChange, type ScheduleProblem, type WorkflowEngine, type YearSchedule,
} from '../../../engine/index.ts'
import { appendAudit } from '../audit.server.ts'
import { InvalidInput } from '../errors.ts'

export interface DueMove {
  taskId: string
  name: string
  matter: string | null
  businessKey: string | null
  from: string
  to: string
  provisional: boolean
  moved: boolean
}

export interface EnteredYear {
  year: number
  noticeNumber: string | null
  noticeDate: string | null
  source: string
  version: number
  updatedAt: Date
}

export interface CalendarVersionView {
  version: number
  year: number | null
  note: string | null
  createdByName: string
  createdAt: Date
  changedDays: number
  moved: DueMove[]
}

/** A schedule that cannot be saved: 400 with the problems under their fields. */
export class ScheduleRefused extends InvalidInput {
  constructor(readonly problems: ScheduleProblem[]) {
    const fieldErrors: Record<string, string[]> = {}
    for (const p of problems) (fieldErrors[p.field] ??= []).push(p.message)
    super(fieldErrors, `节假日安排有需要修改的地方：${problems.map((p) => p.message).join('；')}`)
  }
}

/**
 * The page's form as a schedule: entered as the notice states it (holiday
 * ranges and make-up working days, one a line), or a file's text (JSON, CSV,
 * iCalendar) with the year and the notice from the form.
 */
export function scheduleFromForm(fields: Record<string, string | string[]>): YearSchedule {
  const text = (name: string) => {
    const v = fields[name]
    return (Array.isArray(v) ? v[0] : v)?.trim() ?? ''
  }
  const year = Number(text('year'))
  const noticeNumber = text('noticeNumber') || null
  const noticeDate = text('noticeDate') || null
  const problems: ScheduleProblem[] = []
  if (!noticeNumber) problems.push({ field: 'noticeNumber', message: '请填写通知文号（如「国办发明电〔2026〕12号」）' })
  if (!noticeDate) problems.push({ field: 'noticeDate', message: '请填写通知日期' })
  let schedule: YearSchedule | null
  if (text('mode') === 'import') {
    const name = text('fileName').toLowerCase()
    const format = name.endsWith('.json') ? 'json' : name.endsWith('.csv') ? 'csv' : name.endsWith('.ics') || name.endsWith('.ical') ? 'ics' : null
    if (!text('fileText') || !format) {
      problems.push({ field: 'file', message: '请选择 JSON、CSV 或 iCalendar（.ics）文件' })
      schedule = null
    } else {
      const parsed = parseScheduleFile(text('fileText'), format, { year: Number.isInteger(year) && year > 0 ? year : undefined, noticeNumber, noticeDate })
      problems.push(...parsed.problems)
      schedule = parsed.schedule
    }
  } else {
    const holidays = parseHolidayLines(text('holidays'))
    const workdays = parseWorkdayLines(text('workdays'))
    problems.push(...holidays.problems, ...workdays.problems)
    schedule = { year, noticeNumber, noticeDate, holidays: holidays.holidays, workdays: workdays.workdays }
    if (!holidays.problems.length && !workdays.problems.length) problems.push(...checkSchedule(schedule))
  }
  if (problems.length || !schedule) throw new ScheduleRefused(problems)
  return schedule
}

export async function enteredYears(db: Db | Tx): Promise<EnteredYear[]> {
  return db.calendarYear.findMany({ orderBy: { year: 'asc' } })
}

/** The year after which nothing is entered: its successor is the first provisional year. */
export async function lastEnteredYear(db: Db | Tx): Promise<number | null> {
  const { _max } = await db.calendarYear.aggregate({ _max: { year: true } })
  return _max.year ?? null
}

/** The named days of `year` (holidays, make-up working days): entered, or provisional when the year is not. */
export async function specialDays(db: Db, year: number): Promise<{ provisional: boolean; days: { date: string; kind: string; name: string }[] }> {
  const entered = await db.calendarYear.count({ where: { year } })
  if (!entered) return { provisional: true, days: provisionalYear(year).flatMap((d) => (d.name ? [{ date: d.date, kind: d.kind, name: d.name }] : [])) }
  const rows = await db.calendarDay.findMany({ where: { date: { gte: `${year}-01-01`, lte: `${year}-12-31` }, name: { not: null } }, orderBy: { date: 'asc' } })
  return { provisional: false, days: rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name ?? '' })) }
}

export async function calendarVersions(db: Db, take = 10): Promise<CalendarVersionView[]> {
  const rows = await db.calendarVersion.findMany({ orderBy: { version: 'desc' }, take })
  return rows.map((row) => ({
    version: row.version, year: row.year, note: row.note, createdByName: row.createdByName, createdAt: row.createdAt,
    changedDays: (JSON.parse(row.changes) as unknown[]).length, moved: JSON.parse(row.moved) as DueMove[],
  }))
}

/** The calendar as it would be with `schedule` entered: the stored days with that year's replaced. */
async function proposedCalendar(db: Db, schedule: YearSchedule) {
  const rows = await db.calendarDay.findMany({ select: { date: true, kind: true } })
  const prefix = `${schedule.year}-`
  return buildCalendar([...rows.filter((r) => !r.date.startsWith(prefix)), ...scheduleDays(schedule)])
}

async function describe(db: Db | Tx, changes: DueChange[]): Promise<DueMove[]> {
  if (!changes.length) return []
  const tasks = await db.task.findMany({ where: { id: { in: changes.map((c) => c.taskId) } }, select: { id: true, name: true, businessKey: true } })
  const byId = new Map(tasks.map((t) => [t.id, t]))
  const keys = [...new Set(tasks.flatMap((t) => (t.businessKey ? [t.businessKey] : [])))]
  const matters = new Map((await db.matter.findMany({ where: { id: { in: keys } }, select: { id: true, number: true, title: true } })).map((m) => [m.id, m]))
  return changes.map((c) => {
    const task = byId.get(c.taskId)
    const matter = task?.businessKey ? matters.get(task.businessKey) : undefined
    return {
      taskId: c.taskId, name: task?.name ?? c.taskId, matter: matter ? `${matter.title}（${matter.number}）` : null, businessKey: task?.businessKey ?? null,
      from: c.from, to: c.to, provisional: c.provisional, moved: c.moved,
    }
  })
}

function refuseUnlessValid(schedule: YearSchedule) {
  const problems = checkSchedule(schedule)
  if (problems.length) throw new ScheduleRefused(problems)
}

/** The open steps whose due dates `schedule` would move (or only confirm), before anything is saved. */
export async function previewSchedule(db: Db, engine: WorkflowEngine, schedule: YearSchedule): Promise<DueMove[]> {
  refuseUnlessValid(schedule)
  return describe(db, await engine.previewDueDates(await proposedCalendar(db, schedule)))
}

/**
 * Enters (or corrects) a year as one audited operation: the year's days, a
 * new calendar version, the CalendarYear row with the notice, and every open
 * step's due date recomputed, with its assignee notified when it moved.
 */
export async function saveSchedule(
  db: Db, engine: WorkflowEngine, clock: Clock, actor: Actor | null, schedule: YearSchedule, options: { source: 'admin' | 'import'; note?: string | null },
): Promise<{ version: number; moved: DueMove[]; changedDays: number }> {
  refuseUnlessValid(schedule)
  let version = 0
  let changedDays = 0
  let moved: DueMove[] = []
  await engine.recomputeDueDates(actor, {
    reason: `${schedule.year} 年节假日安排${options.source === 'import' ? '（导入）' : ''}`,
    async write(tx) {
      const now = clock.now()
      const prefix = `${schedule.year}-`
      const days = scheduleDays(schedule)
      const before = new Map((await tx.calendarDay.findMany({ where: { date: { gte: `${prefix}01-01`, lte: `${prefix}12-31` } } })).map((d) => [d.date, d]))
      const changes = days
        .filter((d) => before.get(d.date)?.kind !== d.kind || (before.get(d.date)?.name ?? null) !== d.name)
        .map((d) => ({ date: d.date, from: before.get(d.date)?.kind ?? null, to: d.kind, name: d.name }))
      changedDays = changes.length
      const created = await tx.calendarVersion.create({
        data: {
          year: schedule.year, note: options.note ?? null, changes: JSON.stringify(changes), moved: '[]',
          createdById: actor?.id ?? null, createdByName: actor?.displayName ?? 'system', createdAt: now,
        },
      })
      version = created.version
      const source = `${options.source}:v${version}`
      await tx.calendarDay.deleteMany({ where: { date: { gte: `${prefix}01-01`, lte: `${prefix}12-31` } } })
      for (let i = 0; i < days.length; i += 200) {
        await tx.calendarDay.createMany({ data: days.slice(i, i + 200).map((d) => ({ ...d, source, updatedAt: now })) })
      }
      const year = { noticeNumber: schedule.noticeNumber, noticeDate: schedule.noticeDate, source: options.source, version, updatedAt: now }
      await tx.calendarYear.upsert({ where: { year: schedule.year }, create: { year: schedule.year, ...year }, update: year })
      await appendAudit(tx, {
        actorId: actor?.id ?? null, actorName: actor?.displayName ?? 'system', departmentId: actor?.departmentId ?? null,
        organId: actor?.organId ?? null, clientIp: actor?.clientIp ?? null,
        action: 'calendar.year', targetType: 'CalendarYear', targetId: String(schedule.year),
        detail: { version, noticeNumber: schedule.noticeNumber, noticeDate: schedule.noticeDate, source: options.source, note: options.note ?? null, changes },
      }, clock)
    },
    async recorded(tx, planned) {
      moved = await describe(tx, planned)
      await tx.calendarVersion.update({ where: { version }, data: { moved: JSON.stringify(moved) } })
    },
  })
  return { version, moved, changedDays }
}

/**
 * From 1 November the next year's schedule is due (the State Council
 * usually publishes it in November): whether it is still missing.
 */
export async function nextYearMissing(db: Db, now: Date): Promise<number | null> {
  const today = shanghaiDate(now)
  if (today.slice(5) < '11-01') return null
  const next = Number(today.slice(0, 4)) + 1
  return (await db.calendarYear.count({ where: { year: next } })) ? null : next
}
