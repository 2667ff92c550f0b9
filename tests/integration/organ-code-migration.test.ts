/**
 * Upgrading a database whose 机关代字 were written with 应急 in them (the
 * pattern before the national one): the migration leaves the organ's code
 * alone, so its next numbers read （伊县）应急罚〔2026〕1号.
 */
import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'

const migration = (provider: string) =>
  fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'prisma', provider, 'migrations', '20261129171500_organ_code_numbers', 'migration.sql'), 'utf8')

describeEachDatabase('the organ-code migration', (ctx) => {
  it('strips 应急 from the end of a 机关代字, and leaves a code without it, a code that is only 应急 and a department without one', async () => {
    const codes = { a: '伊县应急', b: '伊州', c: '应急', d: null }
    for (const [id, docPrefix] of Object.entries(codes)) {
      await ctx.db.department.create({ data: { id: `m-${id}`, code: `m-${id}`, name: `部门${id}`, kind: 'county', path: `/m-${id}/`, organId: `m-${id}`, docPrefix } })
    }
    await ctx.db.$executeRawUnsafe(migration(ctx.provider).split('\n').filter((line) => !line.startsWith('--')).join('\n'))
    const after = await ctx.db.department.findMany({ where: { id: { startsWith: 'm-' } }, orderBy: { id: 'asc' }, select: { docPrefix: true } })
    expect(after.map((d) => d.docPrefix)).toEqual(['伊县', '伊州', '应急', null])
  })
})
