/**
 * Checks on a role's rules before they are saved (ADR 026). Each problem
 * names the rule and says why in Chinese; a role with any problem is not saved.
 *  - a rule no user could satisfy: unknown subject, action, field, operator
 *    or placeholder; a contradiction (`in: []`, `OR: []`, one field equal
 *    to two values, a range that is empty);
 *  - a rule that would let an officer read another department's documents
 *    (第七条: officers read what they made or work on);
 *  - a rule that lets anyone change or delete an issued document (第七条:
 *    corrections go through a change request, deletions through a deletion request).
 */
import { PLACEHOLDERS, ANY_ROLE, ruleActions, type RoleContent, type RoleRule } from './rules.ts'
import { RELATION_OPERATORS, SCALAR_OPERATORS, SUBJECTS } from './vocabulary.ts'

export interface RuleProblem {
  ruleId: string
  message: string
}

/** Roles whose document rules are held to the officer's limit (any-role applies to officers too). */
const OFFICER_ROLES = new Set(['officer', ANY_ROLE])
/** Placeholders that tie a rule to the acting person. */
const PERSONAL = new Set(['$user.id', '$user.matterIds'])
const OWN_DEPARTMENT = new Set(['$user.departmentId', '$grant.departmentId'])

type Cond = Record<string, unknown>

function isObject(v: unknown): v is Cond {
  return !!v && typeof v === 'object' && !Array.isArray(v)
}

/** Problems in the shape of a condition on `subjectName` (unknown fields, operators, placeholders, empty sets). */
function shapeProblems(cond: unknown, subjectName: string, out: string[]): void {
  if (!isObject(cond)) {
    out.push('条件必须是「字段: 值」的形式')
    return
  }
  const info = SUBJECTS[subjectName]
  for (const [key, value] of Object.entries(cond)) {
    if (key === 'AND' || key === 'OR' || key === 'NOT') {
      const parts = Array.isArray(value) ? value : [value]
      if (key === 'OR' && parts.length === 0) out.push('「或」条件为空，任何人都不能满足')
      parts.forEach((p) => shapeProblems(p, subjectName, out))
      continue
    }
    const related = info?.relations?.[key]
    if (related) {
      if (!isObject(value)) { out.push(`关联「${key}」须写明 is / some / every / none`); continue }
      for (const [op, inner] of Object.entries(value)) {
        if (!RELATION_OPERATORS.has(op)) out.push(`关联「${key}」不支持运算「${op}」`)
        else shapeProblems(inner, related, out)
      }
      continue
    }
    if (!info?.fields.includes(key)) {
      out.push(`「${SUBJECTS[subjectName]?.title ?? subjectName}」没有字段「${key}」`)
      continue
    }
    scalarProblems(key, value, out)
  }
}

function placeholderProblem(value: unknown, out: string[]): void {
  if (typeof value === 'string' && value.startsWith('$') && !(value in PLACEHOLDERS)) out.push(`未知的占位符「${value}」`)
}

function scalarProblems(field: string, value: unknown, out: string[]): void {
  if (!isObject(value)) {
    placeholderProblem(value, out)
    return
  }
  for (const [op, operand] of Object.entries(value)) {
    if (!SCALAR_OPERATORS.has(op)) { out.push(`字段「${field}」不支持运算「${op}」`); continue }
    if (Array.isArray(operand)) operand.forEach((v) => placeholderProblem(v, out))
    else placeholderProblem(operand, out)
    if ((op === 'in') && Array.isArray(operand) && operand.length === 0) out.push(`字段「${field}」的取值范围为空，任何人都不能满足`)
  }
  const lower = value.gt ?? value.gte
  const upper = value.lt ?? value.lte
  if (typeof lower === typeof upper && (typeof lower === 'number' || typeof lower === 'string') && !String(lower).startsWith('$')) {
    if (lower! > upper! || (lower === upper && ('gt' in value || 'lt' in value))) out.push(`字段「${field}」的范围上下限矛盾，任何人都不能满足`)
  }
}

/** Equalities a condition demands together (top level and AND): one field equal to two values is a contradiction. */
function contradictions(cond: unknown, seen = new Map<string, string>(), out: string[] = []): string[] {
  if (!isObject(cond)) return out
  for (const [key, value] of Object.entries(cond)) {
    if (key === 'AND') { (Array.isArray(value) ? value : [value]).forEach((p) => contradictions(p, seen, out)); continue }
    if (key === 'OR' || key === 'NOT') continue
    const equal = isObject(value) ? (value.equals !== undefined ? value.equals : undefined) : value
    if (equal === undefined || isObject(equal)) continue
    const text = JSON.stringify(equal)
    if (seen.has(key) && seen.get(key) !== text) out.push(`字段「${key}」同时要求等于 ${seen.get(key)} 和 ${text}，任何人都不能满足`)
    seen.set(key, text)
  }
  return out
}

/** Does this condition limit the rows to the person (or their own department) on every branch? */
function tiedToPersonOrOwnDepartment(cond: unknown): boolean {
  if (!isObject(cond)) return false
  for (const [key, value] of Object.entries(cond)) {
    if (key === 'OR') {
      const parts = Array.isArray(value) ? value : [value]
      if (parts.length > 0 && parts.every(tiedToPersonOrOwnDepartment)) return true
      continue
    }
    if (key === 'AND') {
      if ((Array.isArray(value) ? value : [value]).some(tiedToPersonOrOwnDepartment)) return true
      continue
    }
    if (key === 'NOT') continue
    if (key === 'departmentId' && typeof value === 'string' && OWN_DEPARTMENT.has(value)) return true
    if (mentionsPersonally(value)) return true
  }
  return false
}

/** A personal placeholder reached without passing an OR/NOT/none/every (which would loosen it). */
function mentionsPersonally(value: unknown): boolean {
  if (typeof value === 'string') return PERSONAL.has(value)
  if (Array.isArray(value)) return false
  if (!isObject(value)) return false
  return Object.entries(value).some(([k, v]) => !['OR', 'NOT', 'none', 'every', 'isNot', 'not', 'notIn'].includes(k) && mentionsPersonally(v))
}

/** Problems of one rule of a role. */
export function checkRule(roleKey: string, rule: RoleRule): string[] {
  const out: string[] = []
  const info = SUBJECTS[rule.subject]
  const actions = ruleActions(rule)
  if (!info || info.actions.length === 0) {
    out.push(`未知的对象「${rule.subject}」`)
    return out
  }
  if (actions.length === 0) out.push('至少要有一个操作')
  for (const a of actions) if (!info.actions.includes(a)) out.push(`「${info.title}」没有操作「${a}」`)
  if (rule.grantLevel !== undefined && rule.grantLevel !== 'region' && rule.grantLevel !== 'below-region') out.push(`未知的适用层级「${String(rule.grantLevel)}」`)
  if (rule.conditions !== undefined) {
    shapeProblems(rule.conditions, rule.subject, out)
    out.push(...contradictions(rule.conditions))
  }
  if (rule.inverted) return out
  if (rule.subject === 'Document' && actions.some((a) => a === 'update' || a === 'delete' || a === 'manage')) {
    out.push('已制发的文书不得修改或删除：更正须提出更改申请，删除须提出删除申请并经审批（第七条）')
  }
  if (rule.subject === 'Document' && actions.includes('read') && OFFICER_ROLES.has(roleKey) && !tiedToPersonOrOwnDepartment(rule.conditions)) {
    out.push('该规则会让执法人员查阅其他部门的文书：执法人员只能查阅本人制作或参与办理的文书（第七条）')
  }
  return out
}

/** Every problem of a role's content; empty means it may be saved. */
export function checkRole(roleKey: string, content: RoleContent): RuleProblem[] {
  const problems: RuleProblem[] = []
  if (!content.name?.trim()) problems.push({ ruleId: '', message: '角色名称不能为空' })
  const ids = new Set<string>()
  for (const rule of content.rules) {
    const ruleId = typeof rule.id === 'string' ? rule.id : ''
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(ruleId)) problems.push({ ruleId, message: '规则编号须为小写字母、数字和连字符' })
    if (ids.has(ruleId)) problems.push({ ruleId, message: `规则编号「${ruleId}」重复` })
    ids.add(ruleId)
    for (const message of checkRule(roleKey, rule)) problems.push({ ruleId, message })
  }
  return problems
}
