/**
 * A rule in plain Chinese, as the 权限规则 page shows it:
 * 谁 · 可以 · 对什么 · 在什么条件下. Pure, shared by the page and the explanation.
 */
import { PLACEHOLDERS, ruleActions, type RoleRule } from './rules.ts'
import { ACTION_TITLES, FIELD_TITLES, SUBJECTS } from './vocabulary.ts'

export interface RuleInChinese {
  who: string
  can: string
  what: string
  when: string
}

function valueText(value: unknown): string {
  if (value === null) return '空'
  if (typeof value === 'string') return PLACEHOLDERS[value] ?? `「${value}」`
  if (Array.isArray(value)) return value.map(valueText).join('、')
  return String(value)
}

const OPERATOR_TEXT: Record<string, (v: string) => string> = {
  equals: (v) => `是${v}`, not: (v) => `不是${v}`, in: (v) => `是${v}之一`, notIn: (v) => `不是${v}之一`,
  lt: (v) => `早于（小于）${v}`, lte: (v) => `不晚于（不大于）${v}`, gt: (v) => `晚于（大于）${v}`, gte: (v) => `不早于（不小于）${v}`,
  startsWith: (v) => `属于${v}`, endsWith: (v) => `以${v}结尾`, contains: (v) => `包含${v}`,
}

const RELATION_TEXT: Record<string, string> = { is: '', isNot: '不是：', some: '中有一项', every: '每一项都', none: '中没有一项' }

/** A where-clause as a sentence. */
export function conditionText(cond: unknown): string {
  if (!cond || typeof cond !== 'object' || Array.isArray(cond)) return valueText(cond)
  const parts = Object.entries(cond as Record<string, unknown>).map(([key, value]) => {
    if (key === 'OR') return `（${(value as unknown[]).map(conditionText).join('，或者 ')}）`
    if (key === 'AND') return (value as unknown[]).map(conditionText).join('，并且 ')
    if (key === 'NOT') return `并非（${conditionText(value)}）`
    const field = FIELD_TITLES[key] ?? key
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.entries(value as Record<string, unknown>).map(([op, operand]) => {
        if (op in RELATION_TEXT) return `${field}${RELATION_TEXT[op]}${conditionText(operand)}`
        return `${field}${(OPERATOR_TEXT[op] ?? ((v: string) => `${op} ${v}`))(valueText(operand))}`
      }).join('，并且 ')
    }
    return value === null ? `${field}为空` : `${field}是${valueText(value)}`
  })
  return parts.join('，并且 ')
}

export function ruleInChinese(roleName: string, rule: RoleRule): RuleInChinese {
  const level = rule.grantLevel === 'region' ? '（自治区层面）' : rule.grantLevel === 'below-region' ? '（自治区以下机关）' : ''
  return {
    who: `${roleName}${level}`,
    can: `${rule.inverted ? '不可以' : '可以'}${ruleActions(rule).map((a) => ACTION_TITLES[a] ?? a).join('、')}`,
    what: SUBJECTS[rule.subject]?.title ?? rule.subject,
    when: rule.conditions && Object.keys(rule.conditions).length ? conditionText(rule.conditions) : '不限',
  }
}
