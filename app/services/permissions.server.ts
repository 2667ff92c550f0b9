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
import { createPrismaAbility, type PrismaQueryOf, type Subjects } from '@casl/prisma/runtime'
import type { AuditEntry, Department, Prisma, RegulatedEntity, User } from '@zhifa/prisma-sqlite'
import type { Actor, RoleGrant } from '../../engine/actor.ts'

export type Action = 'read' | 'create' | 'update' | 'stop' | 'manage'

export type AppSubjects =
  | Subjects<{ User: User; Department: Department; AuditEntry: AuditEntry; RegulatedEntity: RegulatedEntity }>
  | 'ProcessDefinition'
  | 'Form'
  | 'all'

export type AppAbility = Ability<[Action, AppSubjects], PrismaQueryOf<Prisma.TypeMap>>

/** The region organ's path has one segment: "/<id>/". */
export function isRegionGrant(grant: RoleGrant): boolean {
  return grant.organPath.split('/').filter(Boolean).length === 1
}

export function defineAbilityFor(actor: Actor): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createPrismaAbility)
  if (actor.roles.length > 0) can('read', 'Department')

  for (const grant of actor.roles) {
    const organ = { organId: grant.organId }
    const subtree = { departmentPath: { startsWith: grant.organPath } }
    switch (grant.role) {
      case 'system-admin':
        can(['read', 'create', 'update', 'stop'], 'User', organ)
        can('read', 'AuditEntry', isRegionGrant(grant) ? {} : organ)
        can('manage', 'RegulatedEntity', subtree)
        break
      case 'process-admin':
        can('manage', 'ProcessDefinition')
        can('manage', 'Form')
        can('read', 'RegulatedEntity', subtree)
        break
      case 'supervisor':
        // 执法监督人员 oversee their own and all subordinate departments.
        can('read', 'User', subtree)
        can('read', 'RegulatedEntity', subtree)
        break
      default:
        can('read', 'RegulatedEntity', subtree)
    }
  }
  return build()
}
