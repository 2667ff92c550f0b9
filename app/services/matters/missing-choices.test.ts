import { describe, expect, it } from 'vitest'
import { missingChoices } from './matters.server.ts'

describe('an empty 新建事项', () => {
  it('marks every required choice of a penalty case at once: procedure type, party and officers', () => {
    expect(Object.keys(missingChoices({ kind: 'penalty-case' })).sort()).toEqual(['officerIds', 'partyId', 'variant'])
  })

  it('marks the kind itself when none was chosen', () => {
    expect(missingChoices({})).toEqual({ kind: ['请选择事项类型'] })
  })

  it('marks nothing once an inspection has its party and a second officer', () => {
    expect(missingChoices({ kind: 'inspection', partyId: 'p1', officerIds: ['u2'] })).toEqual({})
  })
})
