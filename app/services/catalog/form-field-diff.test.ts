import { describe, expect, it } from 'vitest'
import { formChanges, type FormParts } from './form-field-diff.ts'
import { loadRegistry } from '../../../forms/_lib/registry.ts'

const inquiry = loadRegistry().get('inquiry-record')
const shipped = (): FormParts => structuredClone({ schema: inquiry.bundledSchema, uiSchema: inquiry.uiSchema })

describe('what a proposed form version changes, field by field', () => {
  it('an unchanged form shows no change', () => {
    expect(formChanges(shipped(), shipped())).toEqual({ fields: [], order: null, other: [] })
  })

  it('a required 联系电话 with a pattern is one added field with its settings in words', () => {
    const after = shipped()
    after.schema.properties = { ...(after.schema.properties as object), contactPhone: { type: 'string', title: '联系电话', pattern: '^1\\d{10}$', 'x-message': '请填写11位手机号码' } }
    after.schema.required = [...(after.schema.required as string[]), 'contactPhone']
    const { fields, order, other } = formChanges(shipped(), after)
    expect(fields).toEqual([{ path: 'contactPhone', label: '联系电话', change: 'added', details: ['必填；类型：string；格式要求（正则）：^1\\d{10}$；格式不符时的提示：请填写11位手机号码'] }])
    expect(order).toBeNull()
    expect(other).toEqual([])
  })

  it('a field made optional and retitled, a nested field changed and a field removed are each named with the form’s titles', () => {
    const after = shipped()
    const props = after.schema.properties as Record<string, Record<string, unknown>>
    after.schema.required = (after.schema.required as string[]).filter((k) => k !== 'caseName')
    props.caseName = { ...props.caseName, title: '案件名称' }
    const interviewee = props.interviewee as { properties: Record<string, Record<string, unknown>> }
    interviewee.properties.name = { ...interviewee.properties.name, maxLength: 7 }
    delete props.place
    delete props.party
    expect(formChanges(shipped(), after).fields).toEqual([
      { path: 'caseName', label: '案件名称', change: 'changed', details: ['标题：案由 → 案件名称', '必填：是 → 否'] },
      { path: 'interviewee.name', label: '被询问人 › 姓名', change: 'changed', details: ['最多字数：20 → 7'] },
      { path: 'party', label: '当事人（管理相对人）', change: 'removed', details: [] },
      { path: 'place', label: '询问地点', change: 'removed', details: [] },
    ])
  })

  it('reordering the fields is reported as the order before and after, not as field changes', () => {
    const after = shipped()
    const keys = Object.keys(after.schema.properties as object)
    after.uiSchema = { ...after.uiSchema, 'ui:order': [keys[1], keys[0], '*'] }
    const { fields, order } = formChanges(shipped(), after)
    expect(fields).toEqual([])
    expect(order!.after.slice(0, 2)).toEqual(order!.before.slice(0, 2).reverse())
  })

  it('a changed widget is named; a changed shared part is reported outside the fields', () => {
    const after = shipped()
    const key = Object.keys(after.schema.properties as object).find((k) => (after.schema.properties as Record<string, { type?: string }>)[k]!.type === 'string')!
    after.uiSchema = { ...after.uiSchema, [key]: { ...(after.uiSchema[key] as object), 'ui:widget': 'textarea' } }
    const defs = after.schema.definitions as Record<string, Record<string, unknown>>
    const part = Object.keys(defs)[0]!
    defs[part] = { ...defs[part], description: '改' }
    const { fields, other } = formChanges(shipped(), after)
    expect(fields.find((f) => f.path === key)!.details).toEqual([expect.stringMatching(/^控件：.* → textarea$/)])
    expect(other).toEqual([expect.stringMatching(/^共用部分「.+」的内容不同/)])
  })
})
