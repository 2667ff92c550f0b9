/**
 * Permission rules as data (ADR 026): what a role's rule looks like, the
 * placeholders its conditions may use for the acting user, and how one
 * rule becomes a CASL rule for one of the user's role grants. Pure: no
 * database, so the page's checks, the explanation and the ability agree.
 */
import type { Actor, RoleGrant } from '../../../engine/actor.ts'

/** One rule of a role, as stored (CatalogVersion.content.rules[]). */
export interface RoleRule {
  /** Stable key within the role, named by the 权限说明 page. */
  id: string
  /** Short Chinese name. */
  title?: string
  action: string | string[]
  subject: string
  /** A Prisma where-clause on the subject; strings starting with `$` are placeholders. */
  conditions?: Record<string, unknown>
  /** A denial (CASL `cannot`): it overrides the allowing rules before it. */
  inverted?: boolean
  /** Applies only to grants at the region organ, or only below it. */
  grantLevel?: 'region' | 'below-region'
}

export interface RoleContent {
  name: string
  rules: RoleRule[]
}

/** Roles by key; `any-role` applies to everyone who holds at least one role. */
export type RoleSet = ReadonlyMap<string, RoleContent>

export const ANY_ROLE = 'any-role'

/** What the acting user's placeholders resolve to beyond the actor itself. */
export interface ActorFacts {
  /** Required by rules using `$now` (the application clock's now). */
  now?: Date
  /** Ids of matters the user opened or is a named officer on; loaded only when a rule asks for them. */
  matterIds?: string[]
}

/** Placeholders a condition may use, with their meaning in plain Chinese. */
export const PLACEHOLDERS: Record<string, string> = {
  '$user.id': '本人',
  '$user.departmentId': '本人所在部门',
  '$user.organId': '本人所在机关',
  '$user.matterIds': '本人参与办理或开启的事项',
  '$grant.role': '该角色本身（本角色的任务池）',
  '$grant.departmentId': '担任该角色的部门',
  '$grant.organId': '担任该角色的机关',
  '$grant.organPath': '担任该角色的机关及其下级部门',
  '$grant.organLineage': '担任该角色的机关及其各级上级机关',
  '$now': '当前时间',
}

export function ruleActions(rule: RoleRule): string[] {
  return Array.isArray(rule.action) ? rule.action : [rule.action]
}

/** The region organ's path has one segment: "/<id>/". */
export function isRegionGrant(grant: Pick<RoleGrant, 'organPath'>): boolean {
  return grant.organPath.split('/').filter(Boolean).length === 1
}

export function appliesToGrant(rule: RoleRule, grant: Pick<RoleGrant, 'organPath'>): boolean {
  if (rule.grantLevel === 'region') return isRegionGrant(grant)
  if (rule.grantLevel === 'below-region') return !isRegionGrant(grant)
  return true
}

/** Whether any condition of these rules names the placeholder. */
export function usesPlaceholder(rules: Iterable<RoleRule>, placeholder: string): boolean {
  for (const rule of rules) if (rule.conditions && JSON.stringify(rule.conditions).includes(`"${placeholder}"`)) return true
  return false
}

/** Every placeholder string in a condition tree (for the checks). */
export function placeholdersIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string' && value.startsWith('$')) found.push(value)
  else if (Array.isArray(value)) value.forEach((v) => placeholdersIn(v, found))
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => placeholdersIn(v, found))
  return found
}

function placeholderValue(name: string, actor: Actor, grant: RoleGrant, facts: ActorFacts): unknown {
  switch (name) {
    case '$user.id': return actor.id
    case '$user.departmentId': return actor.departmentId
    case '$user.organId': return actor.organId
    case '$user.matterIds': return facts.matterIds ?? []
    case '$grant.role': return grant.role
    case '$grant.departmentId': return grant.departmentId
    case '$grant.organId': return grant.organId
    case '$grant.organPath': return grant.organPath
    // The organ's path is "/<region>/<prefecture>/<county>/": its ids are the organ and every organ above it.
    case '$grant.organLineage': return grant.organPath.split('/').filter(Boolean)
    case '$now':
      if (!facts.now) throw new Error('$now needs the clock\'s now')
      return facts.now
  }
  throw new Error(`unknown placeholder ${name}`)
}

/** The rule's conditions with the placeholders filled in for this user and grant. */
export function fillConditions(conditions: Record<string, unknown>, actor: Actor, grant: RoleGrant, facts: ActorFacts): Record<string, unknown> {
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string' && value.startsWith('$')) return placeholderValue(value, actor, grant, facts)
    if (Array.isArray(value)) return value.map(fill)
    if (value && typeof value === 'object' && !(value instanceof Date)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]))
    return value
  }
  return fill(conditions) as Record<string, unknown>
}

/** A rule in force for a user: which role and grant it came from, for the explanation. */
export interface ActiveRule {
  roleKey: string
  roleName: string
  rule: RoleRule
  grant: RoleGrant
}

/** The rules in force for an actor, in CASL order: per grant, `any-role` first, then the role's own. */
export function activeRulesFor(actor: Actor, roles: RoleSet): ActiveRule[] {
  const out: ActiveRule[] = []
  const common = roles.get(ANY_ROLE)
  for (const grant of actor.roles) {
    for (const [roleKey, role] of [[ANY_ROLE, common], [grant.role, roles.get(grant.role)]] as const) {
      if (!role) continue
      for (const rule of role.rules) if (appliesToGrant(rule, grant)) out.push({ roleKey, roleName: role.name, rule, grant })
    }
  }
  // Denials last, so a `cannot` overrides every allowing rule whatever role it came from (CASL: later rules win).
  return [...out.filter((r) => !r.rule.inverted), ...out.filter((r) => r.rule.inverted)]
}
