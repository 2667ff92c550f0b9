import { beforeAll, expect, it } from 'vitest'
import PizZip from 'pizzip'
import { describeEachDatabase } from '../../../tests/support/databases.ts'
import { createDepartment, documentService, officerOf } from '../../../tests/support/documents.ts'
import { ManualClock } from '../../../engine/clock.ts'
import { loadRegistry } from '../../../forms/_lib/registry.ts'
import { validExample } from '../../../forms/_lib/examples.ts'
import { setDepartmentSetting } from '../department-settings.server.ts'
import { noPdfConverter } from './converter.server.ts'

const registry = loadRegistry()
const payloadOf = (key: string) => validExample(registry.get(key)).payload
const textOf = (docx: Buffer) => new PizZip(docx).file('word/document.xml')!.asText().replace(/<[^>]+>/g, '')

// 安全生产行政执法文书式样: 询问笔录, 当事人陈述申辩笔录 and 听证笔录 carry no number.
describeEachDatabase('笔录 are unnumbered unless the department numbers them', (ctx) => {
  const clock = new ManualClock('2026-05-11T10:00:00+08:00')
  const service = () => documentService(ctx.db, noPdfConverter, clock, registry)
  let county: { id: string; path: string }
  const issue = (formKey: string) => service().issue(officerOf(county), { formKey, data: payloadOf(formKey), departmentId: county.id, subject: { type: 'penalty-case', id: 'case-7' } })

  beforeAll(async () => {
    county = await createDepartment(ctx.db, 'huocheng', '霍城县应急管理局', '霍')
  })

  it('issues an inquiry record, a statement record and a hearing record without a number by default, and prints none', async () => {
    const issued = [await issue('inquiry-record'), await issue('inquiry-record'), await issue('statement-defense-record'), await issue('hearing-record')]
    expect(issued.map((d) => d.number)).toEqual([null, null, null, null])
    expect(new Set(issued.map((d) => d.verificationCode)).size).toBe(4)
    const rows = await ctx.db.document.findMany({ where: { id: { in: issued.map((d) => d.id) } }, select: { seq: true, number: true } })
    expect(rows.every((r) => r.seq === null && r.number === null)).toBe(true)
    const text = textOf((await service().rerender(issued[0]!.id)).docx)
    expect(text).toContain('询问笔录')
    expect(text).toContain('笔录不编号')
    expect(text).not.toContain('应急询录')
    expect(text).not.toContain('文书编号：')
    // Other kinds keep their numbers, 勘验笔录 among them (the national format numbers it: 安监勘).
    expect((await issue('site-examination-record')).number).toBe('（霍）应急勘〔2026〕1号')
  })

  it('numbers them in their own sequences once the department turns numbering on, and stops again when it is turned off', async () => {
    await setDepartmentSetting({ db: ctx.db, clock }, officerOf(county), county.id, 'transcript-numbering', 1)
    expect((await issue('inquiry-record')).number).toBe('（霍）应急询录〔2026〕1号')
    expect((await issue('inquiry-record')).number).toBe('（霍）应急询录〔2026〕2号')
    const hearing = await issue('hearing-record')
    expect(hearing.number).toBe('（霍）应急听录〔2026〕1号')
    expect(textOf((await service().rerender(hearing.id)).docx)).toContain('文书编号：（霍）应急听录〔2026〕1号')
    await setDepartmentSetting({ db: ctx.db, clock }, officerOf(county), county.id, 'transcript-numbering', 0)
    expect((await issue('statement-defense-record')).number).toBeNull()
  })
})
