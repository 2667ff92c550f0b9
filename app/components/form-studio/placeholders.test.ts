import { describe, expect, it } from 'vitest'
import { loadRegistry } from '../../../forms/_lib/registry.ts'
import { fieldsOf } from '../../../forms/_lib/schema-fields.ts'
import { filters } from '../../services/documents/filters.ts'
import { FILTER_GUIDE, placeholderRows } from './placeholders.ts'

const registry = loadRegistry()
function placeholders(key: string): Map<string, string> {
  return new Map(placeholderRows(fieldsOf(registry.get(key).bundledSchema)).map((r) => [r.path, r.placeholder]))
}

describe('the placeholder reference page', () => {
  it('explains every filter the renderer has, and no other', () => {
    expect(FILTER_GUIDE.map((f) => f.name).sort()).toEqual(Object.keys(filters).sort())
    for (const f of FILTER_GUIDE) expect(f.example, f.name).toContain(`|${f.name}}`)
  })

  it('writes a penalty decision’s fields with the filters that print them: date, money, legal articles, officers, a list', () => {
    const rows = placeholders('penalty-decision')
    expect(rows.get('issueDate')).toBe('{issueDate|date}')
    expect(rows.get('fineAmount')).toBe('{fineAmount|money}')
    expect(rows.get('legalBasis')).toBe('{legalBasis|laws}')
    expect(rows.get('officers')).toBe('{officers|officers}')
    expect(rows.get('evidence')).toBe('{evidence|list}')
    expect(rows.get('legalBasis[].article')).toBe('{#legalBasis}…{article}…{/legalBasis}')
  })

  it('takes dates from the schema’s format, not the name (a gender is no date), inside a list’s loop too', () => {
    expect(placeholders('inquiry-record').get('interviewee.gender')).toBe('{interviewee.gender}')
    const order = placeholders('rectification-order')
    expect(order.get('findings[].deadline')).toBe('{#findings}…{deadline|date}…{/findings}')
    expect(order.get('findings[].majorHazard')).toBe('{#findings}…{majorHazard|yesno}…{/findings}')
  })
})
