import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { seedCalendar } from '../../engine/calendar/calendar-store.ts'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '..', '..')

async function zhifa(args: string[], databaseUrl: string) {
  return run(process.execPath, ['--import', 'tsx', path.join(root, 'bin', 'zhifa.ts'), ...args], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl } })
}

describeEachDatabase('npm run zhifa -- calendar', (ctx) => {
  it('add-working-days 2025-09-30 1 prints 2025-10-09 from the database calendar', async () => {
    await seedCalendar(ctx.db)
    const { stdout, stderr } = await zhifa(['calendar', 'add-working-days', '2025-09-30', '1'], ctx.url)
    expect(stdout).toBe('2025-10-09\n')
    expect(stderr).toBe('')
  })

  it('working-days-between counts the working days after the first date up to the second', async () => {
    const { stdout } = await zhifa(['calendar', 'working-days-between', '2025-09-30', '2025-10-12'], ctx.url)
    expect(stdout).toBe('3\n')
  })

  it('add-working-days 2026-12-29 3 prints 2027-01-04 alone on the last line and says on stderr that 2027 is provisional', async () => {
    const { stdout, stderr } = await zhifa(['calendar', 'add-working-days', '2026-12-29', '3'], ctx.url)
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('2027-01-04')
    expect(stderr).toMatch(/暂定 provisional: 2027 年的节假日安排尚未录入/)
  })

  it('an absurd date is an error in Chinese, not a guess', async () => {
    const error = await zhifa(['calendar', 'add-working-days', '2080-12-30', '5'], ctx.url).catch((e: { code: number; stderr: string }) => e)
    expect(error).toMatchObject({ code: 1 })
    expect((error as { stderr: string }).stderr).toContain('超出可推算的范围')
  })

  it('show 2027 lists the provisional holidays of the 放假办法 with their Art. 6 make-up days', async () => {
    const { stdout, stderr } = await zhifa(['calendar', 'show', '2027'], ctx.url)
    expect(stderr).toContain('2027 年尚未录入')
    expect(stdout).toContain('2027-02-09  放假  春节补假（暂定）')
    expect(stdout).toContain('2027-10-01  放假  国庆节（暂定）')
  })

  it('import enters 2027 from an iCalendar file, then show and add-working-days use it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-calendar-'))
    const ics = path.join(dir, '2027.ics')
    fs.writeFileSync(ics, [
      'BEGIN:VCALENDAR', 'VERSION:2.0',
      'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270101', 'DTEND;VALUE=DATE:20270102', 'SUMMARY:元旦(休)', 'END:VEVENT',
      'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270102', 'DTEND;VALUE=DATE:20270103', 'SUMMARY:元旦(班)', 'END:VEVENT',
      'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270205', 'DTEND;VALUE=DATE:20270212', 'SUMMARY:春节(休)', 'END:VEVENT',
      'END:VCALENDAR', '',
    ].join('\r\n'))
    const imported = await zhifa(['calendar', 'import', ics, '--notice-number', '国办发明电〔2026〕99号', '--notice-date', '2026-11-20', '--note', '测试导入'], ctx.url)
    expect(imported.stdout).toMatch(/2027 年已录入 entered: 版本 v\d+/)
    expect(await ctx.db.calendarYear.findUniqueOrThrow({ where: { year: 2027 } })).toMatchObject({ noticeNumber: '国办发明电〔2026〕99号', source: 'import' })
    const shown = await zhifa(['calendar', 'show', '2027'], ctx.url)
    expect(shown.stdout).toContain('2027-01-02  上班  调休上班（元旦）')
    const counted = await zhifa(['calendar', 'add-working-days', '2026-12-29', '3'], ctx.url)
    expect(counted).toMatchObject({ stdout: '2027-01-02\n', stderr: '' })
  }, 120_000)

  it('import refuses a file with a problem in Chinese and enters nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-calendar-'))
    const csv = path.join(dir, '2028.csv')
    fs.writeFileSync(csv, '日期,类型,名称\n2028-01-01,放假,元旦\n2028-01-04,上班,元旦\n')
    const error = await zhifa(['calendar', 'import', csv], ctx.url).catch((e: { code: number; stderr: string }) => e)
    expect(error).toMatchObject({ code: 1 })
    expect((error as { stderr: string }).stderr).toContain('2028-01-04 不是周六或周日，无需调休上班')
    expect(await ctx.db.calendarYear.count({ where: { year: 2028 } })).toBe(0)
  })
})

it('without a database it uses the built-in statutory data and says so', async () => {
  const { stdout, stderr } = await zhifa(['calendar', 'add-working-days', '2025-09-30', '1'], `file:${path.join(root, 'data', 'test', 'does-not-exist.db')}`)
  expect(stdout).toBe('2025-10-09\n')
  expect(stderr).toContain('内置')
})
