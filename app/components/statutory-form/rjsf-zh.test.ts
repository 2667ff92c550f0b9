import { describe, expect, it } from 'vitest'
import type { RJSFSchema } from '@rjsf/utils'
import { loadRegistry } from '../../../forms/_lib/registry.ts'
import { loadExamples } from '../../../forms/_lib/examples.ts'
import { createFormValidator } from '../../../forms/_lib/validator.ts'
import { friendlyErrors, propertyToPointer, serverErrorSchema, zhValidator } from './rjsf-zh.ts'
import { pruneEmptyOptional } from './prune.ts'

const registry = loadRegistry()
const server = createFormValidator(registry)

function browserErrors(key: string, payload: unknown) {
  const schema = registry.get(key).bundledSchema
  const { errors } = zhValidator.validateFormData(payload, schema as RJSFSchema, undefined, friendlyErrors(schema))
  return errors.map((e) => ({ path: propertyToPointer(e.property), message: e.message ?? '' }))
}

describe('the browser form checks what the server checks, in the same words', () => {
  for (const form of registry.all()) {
    it(`gives the server's field errors for every example of ${form.key}`, () => {
      for (const example of loadExamples(form)) {
        const result = server.validate(form.key, example.payload)
        const expected = result.ok ? [] : result.errors
        const sort = (list: Array<{ path: string; message: string }>) => list.map((e) => `${e.path} ${e.message}`).sort()
        expect(sort(browserErrors(form.key, example.payload)), example.description).toEqual(sort(expected))
      }
    })
  }
})

describe('server errors on the fields', () => {
  it('puts each JSON Pointer on its field and keeps whole-form errors apart', () => {
    const { schema, formErrors } = serverErrorSchema([
      { path: '/party/creditCode', message: '校验码不对' },
      { path: '/officers/1/name', message: '请填写「姓名」' },
      { path: '/officers', message: '至少两人' },
      { path: '', message: '表单内容过大' },
    ])
    expect(schema).toEqual({
      party: { creditCode: { __errors: ['校验码不对'] } },
      officers: { 1: { name: { __errors: ['请填写「姓名」'] } }, __errors: ['至少两人'] },
    })
    expect(formErrors).toEqual(['表单内容过大'])
  })

  it('reads rjsf property paths as JSON Pointers', () => {
    expect(propertyToPointer('.party.name')).toBe('/party/name')
    expect(propertyToPointer('.officers.0.certificateNo')).toBe('/officers/0/certificateNo')
    expect(propertyToPointer('')).toBe('')
  })
})

describe('empty optional groups', () => {
  const schema = registry.get('rectification-order').bundledSchema

  it('are dropped, so an unsigned order is not asked for a signature', () => {
    const data = { appeal: {}, partySignature: { date: undefined }, party: { kind: '单位', phone: undefined }, findings: [{ majorHazard: false }] }
    expect(pruneEmptyOptional(data, schema)).toEqual({ appeal: {}, party: { kind: '单位' }, findings: [{ majorHazard: false }] })
  })

  it('stay when anything in them is filled in', () => {
    expect(pruneEmptyOptional({ partySignature: { name: '王建国' } }, schema)).toEqual({ partySignature: { name: '王建国' } })
  })
})
