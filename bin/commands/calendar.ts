// npm run zhifa -- calendar <command> : the working-day calendar (工作日历).
import fs from 'node:fs'
import { createDb, databaseUrl, providerOf } from '../../prisma/client.ts'
import {
  addWorkingDays, buildCalendar, CalendarNotCovered, loadCalendar, seedCalendar, SEED_YEARS, statutoryCalendarDays, workingDaysBetween,
  type WorkingCalendar,
} from '../../engine/index.ts'

export const summary = '工作日历 working-day calendar: add-working-days | working-days-between | show <year> | seed'

const usage = `用法 usage:
  npm run zhifa -- calendar add-working-days <YYYY-MM-DD> <n>     第 n 个工作日 the date n working days later
  npm run zhifa -- calendar working-days-between <from> <to>     工作日数 working days after <from> up to <to>
  npm run zhifa -- calendar show <year>                          节假日与调休 holidays and make-up workdays
  npm run zhifa -- calendar seed                                 写入 ${SEED_YEARS.from}–${SEED_YEARS.to} 年日历（已有的日子不改）`

/** The database's calendar when there is one; otherwise the statutory seed data, said on stderr. */
async function calendar(): Promise<WorkingCalendar> {
  const url = databaseUrl()
  const file = url.replace(/^file:/, '')
  if (providerOf(url) === 'postgres' || fs.existsSync(file)) {
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

export async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args
  try {
    switch (command) {
      case 'add-working-days': {
        const [date, n] = rest
        if (!date || !n || !/^-?\d+$/.test(n)) break
        console.log(addWorkingDays(await calendar(), date, Number(n)))
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
        if (!Number.isInteger(year)) break
        const special = statutoryCalendarDays(year, year).filter((d) => d.name)
        for (const day of special) console.log(`${day.date}  ${day.kind === 'workday' ? '上班' : '放假'}  ${day.name}`)
        return 0
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
