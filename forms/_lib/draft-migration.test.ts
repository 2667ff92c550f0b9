import { describe, expect, it } from 'vitest'
import { loadRegistry } from './registry.ts'
import { validExample } from './examples.ts'
import { checkDraftMigration, validAsIs } from './draft-migration.ts'
import type { JsonSchema } from './schema-ref.ts'

// 整改复查意见书: a top-level enum (复查结论), a shared 当事人 part, a list of 执法人员.
const review = loadRegistry().get('rectification-review-opinion')
const v1 = review.bundledSchema
const complete = () => structuredClone(validExample(review).payload) as Record<string, unknown>

type Editable = JsonSchema & { properties: Record<string, JsonSchema>; required: string[]; definitions: Record<string, JsonSchema & { properties: Record<string, JsonSchema> }> }

/** The next version as an administrator would make it: a copy of version 1, edited. */
function v2(edit: (schema: Editable) => void): JsonSchema {
  const next = structuredClone(v1) as Editable
  edit(next)
  return next
}

const withPhone = (required: boolean) => v2((s) => {
  s.properties.contactPhone = { type: 'string', title: '联系电话', pattern: '^1\\d{10}$', 'x-message': '请填写11位手机号码' }
  if (required) s.required.push('contactPhone')
})

describe('whether a draft can move to a newer version of its form', () => {
  it('should keep the draft as it is when the new version only adds an optional field', () => {
    const draft = { result: '部分整改', opinion: '报警装置已联锁' }
    const migration = checkDraftMigration(v1, withPhone(false), draft)
    expect(migration).toEqual({ compatible: true, data: draft, toFill: [], dropped: [], filled: [] })
  })

  it('should offer the migration and name the field when the new version requires a field the draft leaves empty', () => {
    const migration = checkDraftMigration(v1, withPhone(true), { result: '已整改完毕' })
    expect(migration).toMatchObject({ compatible: true, toFill: ['联系电话'], dropped: [] })
  })

  it('should not list required fields that were empty under the old version too (a draft is half-filled)', () => {
    const migration = checkDraftMigration(v1, withPhone(true), {})
    expect(migration.compatible && migration.toFill).toEqual(['联系电话'])
  })

  it('should fill a new field with the new version\'s default instead of asking for it', () => {
    const withDefault = v2((s) => {
      s.properties.contactPhone = { type: 'string', title: '联系电话', default: '0999-8012345' }
      s.required.push('contactPhone')
    })
    const migration = checkDraftMigration(v1, withDefault, { result: '已整改完毕' })
    expect(migration).toMatchObject({ compatible: true, toFill: [], filled: ['联系电话'], data: { result: '已整改完毕', contactPhone: '0999-8012345' } })
  })

  it('should drop, and name, a field the new version no longer has', () => {
    const without = v2((s) => {
      delete s.properties.orderDate
    })
    const migration = checkDraftMigration(v1, without, { orderDate: '2026-03-02', result: '未整改' })
    expect(migration).toEqual({ compatible: true, data: { result: '未整改' }, toFill: [], dropped: ['原决定日期'], filled: [] })
  })

  it('should drop a field of a shared part and of a list item, naming where it was', () => {
    const without = v2((s) => {
      delete s.definitions.party!.properties.postalCode
      delete s.definitions.officer!.properties.certificateNo
      s.definitions.officer!.required = ['name']
    })
    const draft = { party: { kind: '单位', name: '伊宁市恒安化工有限公司', postalCode: '835000' }, officers: [{ name: '李明', certificateNo: '65000012' }] }
    const migration = checkDraftMigration(v1, without, draft)
    expect(migration).toMatchObject({ compatible: true, dropped: ['当事人（管理相对人）·邮政编码', '执法人员·执法证号'] })
    expect(migration.compatible && migration.data).toEqual({ party: { kind: '单位', name: '伊宁市恒安化工有限公司' }, officers: [{ name: '李明' }] })
  })

  it('should refuse, with the reason, when a value the draft holds is no longer allowed', () => {
    const narrower = v2((s) => {
      s.properties.result = { type: 'string', title: '复查结论', enum: ['已整改完毕', '未整改'] }
    })
    expect(checkDraftMigration(v1, narrower, { result: '部分整改' })).toEqual({ compatible: false, reasons: ['「复查结论」的取值「部分整改」不再允许'] })
    // The same change leaves a draft that holds an allowed value (or none) movable.
    expect(checkDraftMigration(v1, narrower, { result: '未整改' }).compatible).toBe(true)
    expect(checkDraftMigration(v1, narrower, {}).compatible).toBe(true)
  })

  it('should refuse a value a stricter rule rejects, with the field\'s own Chinese message', () => {
    const stricter = v2((s) => {
      s.definitions.party!.properties.postalCode = { type: 'string', title: '邮政编码', pattern: '^83\\d{4}$', 'x-message': '邮政编码应为新疆的6位数字' }
    })
    expect(checkDraftMigration(v1, stricter, { party: { postalCode: '100000' } })).toEqual({
      compatible: false, reasons: ['新版本中「当事人（管理相对人）·邮政编码」：邮政编码应为新疆的6位数字'],
    })
  })

  it('should refuse a changed type with ajv\'s Chinese text naming the field', () => {
    const typed = v2((s) => {
      s.properties.opinion = { type: 'integer', title: '复查意见' }
    })
    const migration = checkDraftMigration(v1, typed, { opinion: '已整改' })
    expect(migration.compatible).toBe(false)
    expect(!migration.compatible && migration.reasons).toEqual([expect.stringMatching(/^新版本中「复查意见」应当是 integer 类型$/)])
  })

  it('should say a complete submission is valid as it is only when nothing had to change', () => {
    expect(validAsIs(checkDraftMigration(v1, withPhone(false), complete()))).toBe(true)
    expect(validAsIs(checkDraftMigration(v1, withPhone(true), complete()))).toBe(false)
    expect(validAsIs(checkDraftMigration(v1, v2((s) => { delete s.properties.orderDate }), complete()))).toBe(false)
  })

  it('should leave the draft it was given untouched', () => {
    const draft = { orderDate: '2026-03-02', result: '未整改' }
    checkDraftMigration(v1, v2((s) => { delete s.properties.orderDate }), draft)
    expect(draft).toEqual({ orderDate: '2026-03-02', result: '未整改' })
  })
})
