/**
 * Checks an entry's content must pass before an import activates it, by
 * kind. Reference lists check their own shape (reference-lists.ts); roles
 * with their permission rules pass the same checks as the 权限规则 page
 * (app/services/permissions/rule-checks.ts, ADR 026).
 */
import type { EntryKind } from './kinds.ts'
import { referenceList } from './reference-lists.ts'
import { checkRole } from '../permissions/rule-checks.ts'
import type { RoleContent } from '../permissions/rules.ts'

/** A problem in Chinese, or null. */
export type EntryCheck = (key: string, content: unknown) => string | null

const checks: Record<EntryKind, EntryCheck> = {
  reference: (key, content) => {
    const list = referenceList(key)
    if (!list) return `没有名为「${key}」的参考清单`
    return list.check(content)
  },
  role: (key, content) => {
    const role = content as Partial<RoleContent> | null
    if (!role || typeof role !== 'object' || !Array.isArray(role.rules)) return `角色「${key}」的内容应包含名称与规则列表（rules）`
    const problems = checkRole(key, role as RoleContent)
    return problems.length ? problems.map((p) => `角色「${key}」${p.ruleId ? `规则「${p.ruleId}」` : ''}：${p.message}`).join('；') : null
  },
}

export function setEntryCheck(kind: EntryKind, check: EntryCheck): void {
  checks[kind] = check
}

export function checkEntry(kind: EntryKind, key: string, content: unknown): string | null {
  return checks[kind](key, content)
}
