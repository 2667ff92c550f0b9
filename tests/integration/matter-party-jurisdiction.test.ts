import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { ManualClock } from '../../engine/clock.ts'
import { prepareProcedures, type Procedures } from '../support/workflow.ts'
import { InvalidInput } from '../../app/services/errors.ts'

describeEachDatabase('a matter names only a party within its organ’s jurisdiction', (ctx) => {
  let p: Procedures
  beforeAll(async () => {
    p = await prepareProcedures(ctx.db, new ManualClock('2026-03-02T09:00:00+08:00'))
  })

  it('should refuse a county inspection of a party registered in the neighbouring county, and open nothing', async () => {
    const before = await ctx.db.matter.count()
    const attempt = p.open('huocheng-officer', { kind: 'inspection', title: '越界检查', party: '伊宁县恒泰煤业有限公司' })
    await expect(attempt).rejects.toBeInstanceOf(InvalidInput)
    await expect(attempt).rejects.toMatchObject({ fieldErrors: { partyId: ['该生产经营单位不在本机关管辖范围内'] } })
    expect(await ctx.db.matter.count()).toBe(before)
  })

  it('should refuse a county inspection of a party the prefecture registered', async () => {
    await expect(p.open('yining-officer', { kind: 'inspection', title: '越级检查', party: '伊犁天力钢铁有限公司' })).rejects.toBeInstanceOf(InvalidInput)
  })

  it('should open one for a party of its own county, and the prefecture may name a county’s party', async () => {
    await expect(p.open('huocheng-officer', { kind: 'inspection', title: '本县检查', party: '霍城县果子沟石料厂' })).resolves.toMatchObject({ matterId: expect.any(String) })
    await expect(p.open('ili-officer', { kind: 'inspection', title: '州局检查', party: '伊宁县顺达加油站' })).resolves.toMatchObject({ matterId: expect.any(String) })
  })
})
