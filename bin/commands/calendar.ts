// npm run zhifa -- calendar <command> : the working-day calendar (工作日历).
import fs from 'node:fs'
import path from 'node:path'
import { createDb, databaseUrl, providerOf, type Db } from '../../prisma/client.ts'
import {
  buildCalendar, CalendarNotCovered, countWorkingDays, loadCalendar, parseScheduleFile, provisionalYear, seedCalendar, SEED_YEARS,
  statutoryCalendarDays, workingDaysBetween, isProvisional, type ScheduleFormat, type WorkingCalendar,
} from '../../engine/index.ts'
import { systemClock } from '../../engine/clock.ts'
import { addDays } from '../../engine/calendar/dates.ts'
import { loadRegistry } from '../../forms/_lib/registry.ts'
import { createFormValidator } from '../../forms/_lib/validator.ts'
import { createWorkflow } from '../../app/services/workflow/workflow.server.ts'
import { saveSchedule, ScheduleRefused } from '../../app/services/workflow/calendar-years.server.ts'

export const summary = '工作日历 working-day calendar: add-working-days | working-days-between | show <year> | import <file> | seed'

const usage = `用法 usage:
  npm run zhifa -- calendar add-working-days <YYYY-MM-DD> <n>     第 n 个工作日 the date n working days later
  npm run zhifa -- calendar working-days-between <from> <to>     工作日数 working days after <from> up to <to>
  npm run zhifa -- calendar show <year>                          节假日与调休 holidays and make-up workdays (暂定 for a year not entered)
  npm run zhifa -- calendar import <file.json|.csv|.ics> [--year <year>] [--notice-number <文号>] [--notice-date <YYYY-MM-DD>] [--note <说明>]
                                                                 录入一个年度并重算未办结环节的期限 enter a year and recompute open due dates
  npm run zhifa -- calendar seed                                 写入 ${SEED_YEARS.from}–${SEED_YEARS.to} 年日历（已有的日子不改）`

function hasDatabase(url: string): boolean {
  return providerOf(url) === 'postgres' || fs.existsSync(url.replace(/^file:/, ''))
}

/** The database's calendar when there is one; otherwise the statutory seed data, said on stderr. */
async function calendar(): Promise<WorkingCalendar> {
  const url = databaseUrl()
  if (hasDatabase(url)) {
    const db = createDb(url)
    try {
      const loaded = await loadCalendar(db)
      if (loaded.days.size > 0) return loaded
    } catch {
      // Not migrated yet: fall through to the seed data.
    } finally {
      await db.$disconnect()
    }
  }
  console.error(`（数据库中没有工作日历，使用内置 ${SEED_YEARS.from}–${SEED_YEARS.to} 年数据 no calendar in the database; using the built-in seed data）`)
  return buildCalendar(statutoryCalendarDays(SEED_YEARS.from, SEED_YEARS.to))
}

/** Says on standard error which years of the count were provisional (not entered). */
function provisionalNote(cal: WorkingCalendar, from: string, to: string) {
  const [a, b] = from < to ? [from, to] : [to, from]
  const years = new Set<number>()
  for (let d = a; d <= b; d = addDays(d, 1)) if (isProvisional(cal, d)) years.add(Number(d.slice(0, 4)))
  const list = [...years].join('、')
  console.error(`暂定 provisional: ${list} 年的节假日安排尚未录入，按《全国年节及纪念日放假办法》推算（周末、法定节假日及第六条补假，无调休上班），录入后日期可能变化。 ${list} is not entered yet: counted on the statutory holidays; the date may change once the State Council schedule is entered.`)
}

function option(rest: string[], name: string): string | undefined {
  const i = rest.indexOf(name)
  return i >= 0 ? rest[i + 1] : undefined
}

async function show(year: number): Promise<number> {
  const url = databaseUrl()
  let db: Db | null = null
  try {
    if (hasDatabase(url)) {
      db = createDb(url)
      const entered = await db.calendarYear.findUnique({ where: { year } }).catch(() => null)
      if (entered) {
        console.log(`${year} 年 已录入 entered · 文号 ${entered.noticeNumber ?? '—'} · 通知日期 ${entered.noticeDate ?? '—'} · 版本 v${entered.version}`)
        const days = await db.calendarDay.findMany({ where: { date: { gte: `${year}-01-01`, lte: `${year}-12-31` }, name: { not: null } }, orderBy: { date: 'asc' } })
        for (const day of days) console.log(`${day.date}  ${day.kind === 'workday' ? '上班' : '放假'}  ${day.name}`)
        return 0
      }
    }
  } finally {
    await db?.$disconnect()
  }
  if (year >= SEED_YEARS.from && year <= SEED_YEARS.to) {
    for (const day of statutoryCalendarDays(year, year).filter((d) => d.name)) console.log(`${day.date}  ${day.kind === 'workday' ? '上班' : '放假'}  ${day.name}`)
    return 0
  }
  console.error(`${year} 年尚未录入，以下为按《全国年节及纪念日放假办法》推算的暂定安排 provisional (not entered)`)
  for (const day of provisionalYear(year).filter((d) => d.name)) console.log(`${day.date}  放假  ${day.name}（暂定）`)
  return 0
}

async function importFile(rest: string[]): Promise<number> {
  const file = rest[0]
  if (!file || file.startsWith('--')) return 2
  const ext = path.extname(file).slice(1).toLowerCase()
  const format = ({ json: 'json', csv: 'csv', ics: 'ics', ical: 'ics' } as Record<string, ScheduleFormat>)[ext]
  if (!format) {
    console.error(`不支持的文件类型「.${ext}」：应为 .json、.csv 或 .ics`)
    return 1
  }
  if (!fs.existsSync(file)) {
    console.error(`找不到文件 ${file}`)
    return 1
  }
  const yearText = option(rest, '--year')
  const { schedule, problems } = parseScheduleFile(fs.readFileSync(file, 'utf8'), format, {
    year: yearText ? Number(yearText) : undefined, noticeNumber: option(rest, '--notice-number') ?? null, noticeDate: option(rest, '--notice-date') ?? null,
  })
  if (!schedule || problems.length) {
    for (const p of problems) console.error(`✗ ${p.message}`)
    return 1
  }
  const db = createDb()
  try {
    const registry = loadRegistry()
    const workflow = createWorkflow({
      db, clock: systemClock, registry, validator: createFormValidator(registry),
      documents: () => Promise.reject(new Error('the calendar issues no documents')),
    })
    const result = await saveSchedule(db, workflow, systemClock, null, schedule, { source: 'import', note: option(rest, '--note') ?? null })
    console.log(`✓ ${schedule.year} 年已录入 entered: 版本 v${result.version}，${result.changedDays} 天变化 days changed，${result.moved.filter((m) => m.moved).length} 个环节期限调整 due dates moved`)
    for (const m of result.moved.filter((c) => c.moved)) console.log(`  ${m.matter ?? ''}「${m.name}」 ${m.from} → ${m.to}${m.provisional ? '（暂定）' : ''}`)
    return 0
  } catch (err) {
    if (err instanceof ScheduleRefused) {
      for (const p of err.problems) console.error(`✗ ${p.message}`)
      return 1
    }
    throw err
  } finally {
    await db.$disconnect()
  }
}

export async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args
  try {
    switch (command) {
      case 'add-working-days': {
        const [date, n] = rest
        if (!date || !n || !/^-?\d+$/.test(n)) break
        const cal = await calendar()
        const result = countWorkingDays(cal, date, Number(n))
        if (result.provisional) provisionalNote(cal, date, result.date)
        // The date alone on the last line of standard output, for scripts.
        console.log(result.date)
        return 0
      }
      case 'working-days-between': {
        const [from, to] = rest
        if (!from || !to) break
        console.log(workingDaysBetween(await calendar(), from, to))
        return 0
      }
      case 'show': {
        const year = Number(rest[0])
        if (!Number.isInteger(year) || year < 1900 || year > 2099) break
        return await show(year)
      }
      case 'import': {
        const code = await importFile(rest)
        if (code !== 2) return code
        break
      }
      case 'seed': {
        const db = createDb()
        try {
          const { inserted, kept } = await seedCalendar(db)
          console.log(`工作日历 calendar: 新增 ${inserted} 天 inserted, 保留 ${kept} 天 kept`)
        } finally {
          await db.$disconnect()
        }
        return 0
      }
    }
  } catch (err) {
    if (err instanceof CalendarNotCovered || err instanceof TypeError) {
      console.error(err.message)
      return 1
    }
    throw err
  }
  console.error(usage)
  return 2
}
