import { execFile } from 'node:child_process'
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

  it('a date beyond the covered years is an error, not a guess', async () => {
    const error = await zhifa(['calendar', 'add-working-days', '2026-12-30', '5'], ctx.url).catch((e: { code: number; stderr: string }) => e)
    expect(error).toMatchObject({ code: 1 })
    expect((error as { stderr: string }).stderr).toContain('未覆盖 2027-01-01')
  })
})

it('without a database it uses the built-in statutory data and says so', async () => {
  const { stdout, stderr } = await zhifa(['calendar', 'add-working-days', '2025-09-30', '1'], `file:${path.join(root, 'data', 'test', 'does-not-exist.db')}`)
  expect(stdout).toBe('2025-10-09\n')
  expect(stderr).toContain('内置')
})
