import { expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { serviceContextFor } from '../../tests/support/actors.ts'
import { ManualClock } from '../../engine/clock.ts'
import { seedDemo } from './demo-seed.server.ts'
import { effectiveSetting, setDepartmentSetting } from './department-settings.server.ts'
import { InvalidInput } from './errors.ts'

describeEachDatabase('a department\'s statement period is data an administrator changes', (ctx) => {
  const clock = new ManualClock('2026-09-01T09:00:00+08:00')
  const ids: Record<string, string> = {}

  it('is 3 working days everywhere until someone sets it', async () => {
    await seedDemo(ctx.db, clock)
    for (const code of ['ili', 'ili.yining-county', 'ili.yining-county.legal-office', 'ili.huocheng-county']) {
      ids[code] = (await ctx.db.department.findUniqueOrThrow({ where: { code } })).id
    }
    expect(await effectiveSetting(ctx.db, ids['ili.yining-county']!, 'statement-period-days')).toEqual({ value: 3, fromDepartmentId: null })
  })

  it('set on the prefecture, holds for its counties and their units unless a county sets its own, and each change is audited with its old value', async () => {
    const admin = (await serviceContextFor(ctx.db, clock, 'ili-admin')).actor
    await setDepartmentSetting({ db: ctx.db, clock }, admin, ids.ili!, 'statement-period-days', 5)
    await setDepartmentSetting({ db: ctx.db, clock }, admin, ids['ili.huocheng-county']!, 'statement-period-days', 4)
    expect(await effectiveSetting(ctx.db, ids['ili.yining-county.legal-office']!, 'statement-period-days')).toEqual({ value: 5, fromDepartmentId: ids.ili })
    expect(await effectiveSetting(ctx.db, ids['ili.huocheng-county']!, 'statement-period-days')).toEqual({ value: 4, fromDepartmentId: ids['ili.huocheng-county'] })
    await setDepartmentSetting({ db: ctx.db, clock }, admin, ids['ili.huocheng-county']!, 'statement-period-days', null)
    expect((await effectiveSetting(ctx.db, ids['ili.huocheng-county']!, 'statement-period-days')).value).toBe(5)
    const audit = await ctx.db.auditEntry.findMany({ where: { action: 'department.setting' }, orderBy: { seq: 'asc' } })
    expect(audit.map((e) => [e.targetId, JSON.parse(e.detail ?? '{}')])).toEqual([
      [ids.ili, { key: 'statement-period-days', from: null, to: 5 }],
      [ids['ili.huocheng-county'], { key: 'statement-period-days', from: null, to: 4 }],
      [ids['ili.huocheng-county'], { key: 'statement-period-days', from: 4, to: null }],
    ])
  })

  it('refuses a period that is not a whole number of 1 to 15 working days, in Chinese, and changes nothing', async () => {
    const admin = (await serviceContextFor(ctx.db, clock, 'ili-admin')).actor
    for (const value of [0, 2.5, 16]) {
      const error = await setDepartmentSetting({ db: ctx.db, clock }, admin, ids.ili!, 'statement-period-days', value).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(InvalidInput)
      expect((error as InvalidInput).fieldErrors.value).toEqual(['当事人陈述申辩期限须为 1 至 15 的整数（个工作日）'])
    }
    expect((await effectiveSetting(ctx.db, ids.ili!, 'statement-period-days')).value).toBe(5)
  })
})
