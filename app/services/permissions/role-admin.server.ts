/**
 * What the 权限规则 page does: list the roles with their rules in plain
 * Chinese, and save an edited role after its checks (rule-checks.ts) —
 * refused with every reason, or stored as a new audited version.
 */
import type { Db } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { Actor } from '../../../engine/actor.ts'
import { InvalidInput, NotFound } from '../errors.ts'
import { activeRoles, roleVersions, saveRole } from './rule-store.server.ts'
import { checkRole } from './rule-checks.ts'
import { ruleInChinese } from './describe.ts'
import { ANY_ROLE, type RoleContent, type RoleRule } from './rules.ts'

const NOTE_MAX = 200

/** Roles in the page's order: everyone first, then as stored. */
export async function rolesOverview(db: Db) {
  const roles = await activeRoles(db)
  const items = await db.catalogItem.findMany({ where: { kind: 'role' }, select: { key: true, activeVersion: true, updatedAt: true, updatedByName: true } })
  const meta = new Map(items.map((i) => [i.key, i]))
  const keys = [...roles.keys()].sort((a, b) => (a === ANY_ROLE ? -1 : b === ANY_ROLE ? 1 : 0))
  return keys.map((key) => {
    const role = roles.get(key)!
    return {
      key, name: role.name, version: meta.get(key)?.activeVersion ?? 1, updatedByName: meta.get(key)?.updatedByName ?? null,
      rules: role.rules.map((rule) => ({ id: rule.id, title: rule.title ?? rule.id, inverted: Boolean(rule.inverted), ...ruleInChinese(role.name, rule) })),
    }
  })
}

export async function roleForEditing(db: Db, key: string) {
  const role = (await activeRoles(db)).get(key)
  if (!role) throw new NotFound('未找到该角色。')
  const item = await db.catalogItem.findUnique({ where: { kind_key: { kind: 'role', key } }, select: { activeVersion: true } })
  const versions = await roleVersions(db, key)
  return { key, role, version: item?.activeVersion ?? 1, versions }
}

/** Reads the edited rules (JSON text from the page) or says in Chinese what is wrong with it. */
export function parseRules(text: string): RoleRule[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new InvalidInput({ rules: ['规则不是有效的 JSON，请检查括号、引号和逗号。'] })
  }
  if (!Array.isArray(parsed) || !parsed.every((r) => r && typeof r === 'object' && !Array.isArray(r))) {
    throw new InvalidInput({ rules: ['规则须是一个列表，每条规则是一个对象（含 id、action、subject，可选 conditions、inverted）。'] })
  }
  return parsed as RoleRule[]
}

/**
 * Saves a role's edited rules as a new version, or refuses with every
 * problem (nothing is stored then). The caller has checked `manage Permission`.
 */
export async function saveRoleRules(
  ctx: { db: Db; clock: Clock; actor: Actor }, key: string, input: { name?: string; rules: string; note: string; expectedVersion?: number },
) {
  const current = (await activeRoles(ctx.db)).get(key)
  if (!current) throw new NotFound('未找到该角色。')
  const note = input.note.trim()
  const rules = parseRules(input.rules)
  const content: RoleContent = { name: input.name?.trim() || current.name, rules }
  const problems = checkRole(key, content)
  const errors: Record<string, string[]> = {}
  if (problems.length) errors.rules = problems.map((p) => (p.ruleId ? `规则「${p.ruleId}」：${p.message}` : p.message))
  if (!note) errors.note = ['请填写修改说明']
  else if (note.length > NOTE_MAX) errors.note = [`修改说明不能超过 ${NOTE_MAX} 个字符`]
  if (Object.keys(errors).length) throw new InvalidInput(errors, '规则未保存：请按提示修改。')
  return saveRole(ctx.db, ctx.clock, ctx.actor, key, content, note, input.expectedVersion)
}
