/**
 * zf:scope keys: whose department acts on a step, resolved from the
 * department the instance belongs to (the matter's handling department).
 * A county case is reviewed by that county's legal office and decided by its
 * heads; a deletion request goes to the region whatever its origin (第七条).
 */
import baseline from '../../../catalog/reference/scopes.json'
import type { Tx } from '../../../prisma/client.ts'
import type { InstanceContext, ScopeResolver } from '../../../engine/index.ts'

// Titles from the catalog's reference list `scopes` (shipped as
// catalog/reference/scopes.json); the keys are the resolver's cases below, so
// the catalog may rename a scope but a new key needs a release.
export const scopeTitles: Record<string, string> = { ...(baseline as Record<string, string>) }

/** Installs the catalog's active scope titles; keys the resolver does not know are ignored. */
export function installScopes(next: Record<string, unknown>): void {
  for (const key of Object.keys(scopeTitles)) if (typeof next[key] === 'string') scopeTitles[key] = next[key]
}

async function unitOf(tx: Tx, organId: string, kind: string): Promise<string | null> {
  const unit = await tx.department.findFirst({ where: { parentId: organId, kind }, select: { id: true } })
  return unit?.id ?? null
}

async function regionId(tx: Tx): Promise<string | null> {
  return (await tx.department.findFirst({ where: { kind: 'region' }, select: { id: true } }))?.id ?? null
}

export function createScopeResolver(): ScopeResolver {
  return {
    knows: (scope) => Object.hasOwn(scopeTitles, scope),
    async resolve(scope: string, instance: InstanceContext, tx: Tx) {
      const dept = instance.departmentId
        ? await tx.department.findUnique({ where: { id: instance.departmentId }, select: { id: true, organId: true } })
        : null
      switch (scope) {
        case 'case-department':
          return dept?.id ?? null
        case 'organ':
          return dept?.organId ?? null
        case 'legal-office':
          return dept ? unitOf(tx, dept.organId, 'legal-office') : null
        case 'case-committee':
          return dept ? unitOf(tx, dept.organId, 'case-committee') : null
        case 'organ-admin': {
          // The organ's system administrators sit in the organ itself or (region) in its enforcement bureau.
          if (!dept) return null
          const grant = await tx.roleAssignment.findFirst({ where: { role: 'system-admin', department: { organId: dept.organId } }, select: { departmentId: true }, orderBy: { createdAt: 'asc' } })
          return grant?.departmentId ?? dept.organId
        }
        case 'region':
          return regionId(tx)
        case 'region-legal-office': {
          const region = await regionId(tx)
          return region ? unitOf(tx, region, 'legal-office') : null
        }
        case 'region-policy-office': {
          const region = await regionId(tx)
          return region ? unitOf(tx, region, 'policy-office') : null
        }
        case 'region-enforcement-bureau': {
          const region = await regionId(tx)
          return region ? unitOf(tx, region, 'enforcement-bureau') : null
        }
        default:
          return null
      }
    },
  }
}
