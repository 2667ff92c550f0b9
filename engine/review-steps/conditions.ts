/**
 * When a review step applies, written without FEEL (field, operator, value)
 * and compiled to the FEEL the engine evaluates; and back, for conditions read
 * from a shipped definition. A field of a multi-instance step (会签) holds one
 * form per signer, so a comparison there looks at all of them: "at least"
 * takes the largest value, "at most" the smallest, "equals" any of them.
 */
import type { Clause, Operator, When } from './steps-schema.ts'

export function feelLiteral(value: Clause['value']): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return JSON.stringify(value)
  return String(value)
}

function compileClause(clause: Clause, multiInstanceResults: ReadonlySet<string>): string {
  const [head, ...rest] = clause.field.split('.')
  const value = feelLiteral(clause.value)
  if (head && multiInstanceResults.has(head)) {
    const values = `get entries(${head}).value${rest.length ? `.${rest.join('.')}` : ''}`
    switch (clause.operator) {
      case '>=': case '>': return `max(${values}) ${clause.operator} ${value}`
      case '<=': case '<': return `min(${values}) ${clause.operator} ${value}`
      case '=': case 'contains': return `list contains(${values}, ${value})`
      case '!=': return `not(list contains(${values}, ${value}))`
    }
  }
  if (clause.operator === 'contains') return `list contains(${clause.field}, ${value})`
  return `${clause.field} ${clause.operator} ${value}`
}

/**
 * The FEEL of a condition (`= …`, as the definitions write it); null for a
 * step that always applies or applies otherwise. `multiInstanceResults`: the
 * result variables of 会签/或签 steps.
 */
export function compileWhen(when: When, multiInstanceResults: ReadonlySet<string> = new Set()): string | null {
  switch (when.kind) {
    case 'always':
    case 'otherwise':
      return null
    case 'feel':
      return when.feel.trim().startsWith('=') ? when.feel.trim() : `= ${when.feel.trim()}`
    case 'if': {
      const parts = when.clauses.map((c) => compileClause(c, multiInstanceResults))
      if (parts.length === 1) return `= ${parts[0]}`
      return `= ${parts.map((p) => `(${p})`).join(when.match === 'all' ? ' and ' : ' or ')}`
    }
  }
}

const LITERAL = String.raw`("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null)`
const FIELD = String.raw`([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*)`
const COMPARISON = new RegExp(String.raw`^${FIELD}\s*(!=|>=|<=|=|>|<)\s*${LITERAL}$`)
const CONTAINS = new RegExp(String.raw`^list contains\(\s*${FIELD}\s*,\s*${LITERAL}\s*\)$`)

function parseLiteral(text: string): Clause['value'] {
  if (text === 'null') return null
  if (text === 'true' || text === 'false') return text === 'true'
  if (text.startsWith('"')) return JSON.parse(text) as string
  return Number(text)
}

function parseClause(text: string): Clause | null {
  const t = text.trim().replace(/^\((.*)\)$/, '$1').trim()
  const comparison = COMPARISON.exec(t)
  if (comparison) return { field: comparison[1]!, operator: comparison[2] as Operator, value: parseLiteral(comparison[3]!) }
  const contains = CONTAINS.exec(t)
  if (contains) return { field: contains[1]!, operator: 'contains', value: parseLiteral(contains[2]!) }
  return null
}

/** A FEEL condition as field-operator-value clauses when it is that simple; as FEEL otherwise. */
export function whenFromFeel(feel: string): When {
  const text = feel.trim().replace(/^=/, '').trim()
  for (const [separator, match] of [[' and ', 'all'], [' or ', 'any']] as const) {
    const parts = text.split(separator)
    if (parts.length > 1 && !text.includes(separator === ' and ' ? ' or ' : ' and ')) {
      const clauses = parts.map(parseClause)
      if (clauses.every((c): c is Clause => c !== null)) return { kind: 'if', match, clauses }
      return { kind: 'feel', feel: `= ${text}` }
    }
  }
  const clause = parseClause(text)
  return clause ? { kind: 'if', match: 'all', clauses: [clause] } : { kind: 'feel', feel: `= ${text}` }
}

const NEGATED: Partial<Record<Operator, Operator>> = { '=': '!=', '!=': '=', '>=': '<', '<': '>=', '<=': '>', '>': '<=' }

/** The condition that holds when `when` does not (for a step on a default branch). */
export function negateWhen(when: When): When {
  if (when.kind === 'if' && when.clauses.length === 1 && NEGATED[when.clauses[0]!.operator]) {
    const c = when.clauses[0]!
    return { kind: 'if', match: 'all', clauses: [{ ...c, operator: NEGATED[c.operator]! }] }
  }
  const feel = compileWhen(when)
  return feel ? { kind: 'feel', feel: `= not(${feel.replace(/^=\s*/, '')})` } : { kind: 'always' }
}
