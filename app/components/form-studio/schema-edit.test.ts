import { describe, expect, it } from 'vitest'
import { loadRegistry } from '../../../forms/_lib/registry.ts'
import { fieldRows, moveField, putField, removeField, rowProblem, type FieldRow } from './schema-edit.ts'

const inquiry = loadRegistry().get('inquiry-record')
const start = { schema: inquiry.bundledSchema, uiSchema: inquiry.uiSchema }
const phone: FieldRow = { key: 'contactPhone', title: '联系电话', kind: 'text', required: true, pattern: '^1\\d{10}$', message: '请填写11位手机号码', choices: [], common: '' }

describe('the field list editor', () => {
  it('adds a required 联系电话 with a pattern and its Chinese message, last in the form', () => {
    const next = putField(start, phone)
    expect((next.schema.properties as Record<string, unknown>).contactPhone).toEqual({ type: 'string', title: '联系电话', pattern: '^1\\d{10}$', 'x-message': '请填写11位手机号码' })
    expect(next.schema.required).toContain('contactPhone')
    expect((next.uiSchema['ui:order'] as string[]).slice(-2)).toEqual(['contactPhone', '*'])
    expect(fieldRows(next).at(-1)).toMatchObject({ key: 'contactPhone', kind: 'text', required: true })
    // The shipped schema object is untouched.
    expect(inquiry.bundledSchema.properties).not.toHaveProperty('contactPhone')
  })

  it('moves, renames and removes fields through the UI order; a shared part brings its definitions', () => {
    const last = fieldRows(start).at(-1)!.key
    let next = moveField(putField(start, phone), 'contactPhone', -1)
    expect(fieldRows(next).map((r) => r.key).slice(-2)).toEqual(['contactPhone', last])
    next = putField(next, { ...phone, key: 'mobile', required: false }, {}, 'contactPhone')
    expect(next.schema.required).not.toContain('mobile')
    expect(fieldRows(next).map((r) => r.key).slice(-2)).toEqual(['mobile', last])
    next = removeField(next, 'mobile')
    expect(fieldRows(next).map((r) => r.key)).toEqual(fieldRows(start).map((r) => r.key))
    const withPart = putField({ schema: { type: 'object', properties: {} }, uiSchema: {} }, { ...phone, key: 'witness', kind: 'common', common: 'phone', pattern: '' }, { phone: { phone: { type: 'string' } } })
    expect(withPart.schema.definitions).toEqual({ phone: { type: 'string' } })
    expect((withPart.schema.properties as Record<string, unknown>).witness).toEqual({ $ref: '#/definitions/phone', title: '联系电话' })
  })

  it('refuses a bad key, a duplicate, a pattern that is no regular expression or has no message', () => {
    expect(rowProblem(start, { ...phone, key: '联系电话' }, null)).toMatch(/字段键只能用英文字母/)
    expect(rowProblem(start, { ...phone, key: 'caseName' }, null)).toBe('已有字段「caseName」')
    expect(rowProblem(start, { ...phone, pattern: '([' }, null)).toMatch(/格式（正则表达式）写法有误/)
    expect(rowProblem(start, { ...phone, message: '' }, null)).toMatch(/中文提示/)
    expect(rowProblem(start, phone, null)).toBeNull()
  })
})
