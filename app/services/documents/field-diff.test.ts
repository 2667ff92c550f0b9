import { describe, expect, it } from 'vitest'
import { fieldChanges } from './field-diff.ts'

const schema = {
  properties: {
    place: { title: '检查地点' },
    findings: { title: '发现的问题', items: { properties: { fact: { title: '事实' } } } },
    urgent: { title: '紧急' },
  },
}

describe('what changed in a draft since it was returned', () => {
  it('should name each changed, added and removed field with the form’s Chinese labels', () => {
    const before = { place: '一号库房', findings: [{ fact: '灭火器过期' }], urgent: false }
    const after = { place: '二号库房', findings: [{ fact: '灭火器过期' }, { fact: '通道堵塞' }] }
    expect(fieldChanges(schema, before, after)).toEqual([
      { path: 'place', label: '检查地点', before: '一号库房', after: '二号库房' },
      { path: 'urgent', label: '紧急', before: '否', after: null },
      { path: 'findings.1.fact', label: '发现的问题 › 第 2 项 › 事实', before: null, after: '通道堵塞' },
    ])
  })

  it('should report nothing when the resubmitted draft is the same', () => {
    expect(fieldChanges(schema, { place: 'A' }, { place: 'A' })).toEqual([])
  })
})
