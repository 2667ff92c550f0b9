/**
 * Who may do what (CASL). Abilities are built per request from the actor's
 * role assignments; conditions are Prisma where-clauses, so the same rules
 * check one record (`ability.can('update', subject('User', user))`) and
 * filter lists and counts (`accessibleBy(ability).User`), and nothing leaks.
 *
 * Scopes follow 第六、七条: an organ's (机关) administrator manages that
 * organ's accounts only; the region sees everything below it.
 */
import { AbilityBuilder, type Ability } from '@casl/ability'
import { accessibleBy, createPrismaAbility, type PrismaQueryOf, type Subjects } from '@casl/prisma/runtime'
import type { AuditEntry, Department, Document, Matter, Prisma, RegulatedEntity, User } from '@zhifa/prisma-sqlite'
import type { Actor, RoleGrant } from '../../engine/actor.ts'

export type Action = 'read' | 'create' | 'update' | 'stop' | 'manage'

export type AppSubjects =
  | Subjects<{ User: User; Department: Department; AuditEntry: AuditEntry; RegulatedEntity: RegulatedEntity; Matter: Matter; Document: Document }>
  | 'ProcessDefinition'
  | 'Form'
  | 'all'

export type AppAbility = Ability<[Action, AppSubjects], PrismaQueryOf<Prisma.TypeMap>>

/** The region organ's path has one segment: "/<id>/". */
export function isRegionGrant(grant: RoleGrant): boolean {
  return grant.organPath.split('/').filter(Boolean).length === 1
}

/**
 * `now` decides which access grants are still valid; the guard passes the
 * application clock's now.
 */
export function defineAbilityFor(actor: Actor, now: Date = new Date()): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createPrismaAbility)
  if (actor.roles.length > 0) {
    can('read', 'Department')
    // Matters one opened or works on as an officer (第七条: 本人制作的).
    can('read', 'Matter', { createdById: actor.id })
    can('read', 'Matter', { officers: { some: { userId: actor.id } } })
  }

  for (const grant of actor.roles) {
    const organ = { organId: grant.organId }
    const subtree = { departmentPath: { startsWith: grant.organPath } }
    switch (grant.role) {
      case 'system-admin':
        can(['read', 'create', 'update', 'stop'], 'User', organ)
        can('read', 'AuditEntry', isRegionGrant(grant) ? {} : organ)
        can('manage', 'RegulatedEntity', subtree)
        can('read', 'Matter', organ)
        can('create', 'Matter', organ)
        // The region's administrators apply approved deletions from anywhere (第七条).
        if (isRegionGrant(grant)) can('read', 'Matter', { kind: 'deletion-request' })
        break
      case 'process-admin':
        can('manage', 'ProcessDefinition')
        can('manage', 'Form')
        can('read', 'RegulatedEntity', subtree)
        break
      case 'officer':
        // 监管执法人员 make documents and read their own (第七条); reading a
        // colleague's goes through an access request (a later issue).
        can('read', 'RegulatedEntity', subtree)
        can('create', 'Matter', organ)
        can('create', 'Document')
        can('read', 'Document', { issuedById: actor.id, deletedAt: null })
        // A colleague's document, through an approved access request, until the date granted (第七条).
        can('read', 'Document', { deletedAt: null, accessGrants: { some: { userId: actor.id, until: { gte: now } } } })
        break
      case 'supervisor':
        // 执法监督人员 oversee their own and all subordinate departments: accounts,
        // and the documents their officers and supervisors made (第七条).
        can('read', 'User', subtree)
        can('read', 'RegulatedEntity', subtree)
        can('read', 'Matter', subtree)
        can('create', 'Matter', organ)
        can('create', 'Document')
        can('read', 'Document', { issuedById: actor.id, deletedAt: null })
        can('read', 'Document', { ...subtree, deletedAt: null })
        break
      case 'deputy-head':
      case 'principal-head':
        // Heads approve their organ's matters and oversee subordinate ones (第十六条).
        can('read', 'RegulatedEntity', subtree)
        can('read', 'Matter', subtree)
        can('read', 'Document', { ...subtree, deletedAt: null })
        if (isRegionGrant(grant)) can('read', 'Matter', { kind: 'deletion-request' })
        break
      case 'policy-reviewer':
        can('read', 'RegulatedEntity', subtree)
        can('read', 'Matter', { kind: 'deletion-request' })
        break
      default:
        // legal-reviewer, committee-member: the organ's matters they review and their documents.
        can('read', 'RegulatedEntity', subtree)
        can('read', 'Matter', organ)
        can('read', 'Document', { departmentId: grant.organId, deletedAt: null })
    }
  }
  return build()
}

type ListableModel = 'User' | 'Department' | 'AuditEntry' | 'RegulatedEntity' | 'Matter' | 'Document'
type WhereOf<M extends ListableModel> = Prisma.TypeMap['model'][M]['operations']['findMany']['args']['where']

/** A where-clause no row satisfies, per model (by primary key). */
const NO_ROWS = {
  User: { id: { in: [] as string[] } },
  Department: { id: { in: [] as string[] } },
  RegulatedEntity: { id: { in: [] as string[] } },
  Document: { id: { in: [] as string[] } },
  AuditEntry: { seq: { in: [] as number[] } },
  Matter: { id: { in: [] as string[] } },
} satisfies Record<ListableModel, object>

/**
 * The where-clause of the rows `action` may touch, for list queries and counts.
 *
 * Why not `accessibleBy(…).ofType(…)` as it comes: CASL joins the rules
 * into `{ OR: [...] }`, and Prisma 6.19's query compiler (engineType
 * "client") reads two of its shapes wrongly — an empty OR nested in an AND
 * matches every row, and `{ OR: [{}] }` (a rule without conditions) matches
 * none (both pinned by permissions.server.test.ts). So: no rule → a clause
 * that matches nothing; an unconditional rule → no restriction.
 */
export function accessibleWhere<M extends ListableModel>(ability: AppAbility, action: Action, model: M): NonNullable<WhereOf<M>> {
  const where = accessibleBy(ability, action).ofType(model) as Record<string, unknown>
  const { OR: or, ...rest } = where
  if (!Array.isArray(or)) return where as NonNullable<WhereOf<M>>
  if (or.length === 0) return NO_ROWS[model] as NonNullable<WhereOf<M>>
  const unconditional = or.some((c) => c && typeof c === 'object' && Object.keys(c).length === 0)
  return (unconditional ? rest : where) as NonNullable<WhereOf<M>>
}
