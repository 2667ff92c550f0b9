/**
 * zf:scope keys: whose department acts on a step, resolved from the
 * department the instance belongs to (the matter's handling department).
 * A county case is reviewed by that county's legal office and decided by its
 * heads; a deletion request goes to the region whatever its origin (第七条).
 * `level-above` (上级部门) is the organ above the case's organ, at the unit
 * where the step's role sits there (docs/decisions/040).
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

/**
 * The department of `organId` (the organ itself or one of its units) whose
 * staff hold `role`: where most of its active holders sit, the organ first on
 * a tie; the organ itself when nobody there holds it. A legal review sent to
 * the level above lands in that organ's legal office, a decision with its heads.
 */
async function holdersOf(tx: Tx, organId: string, role: string | undefined): Promise<string> {
  if (!role) return organId
  const grants = await tx.roleAssignment.findMany({
    where: { role, department: { organId }, user: { status: 'active' } },
    select: { departmentId: true, department: { select: { path: true } } },
  })
  const count = new Map<string, { n: number; path: string }>()
  for (const g of grants) count.set(g.departmentId, { n: (count.get(g.departmentId)?.n ?? 0) + 1, path: g.department.path })
  const [best] = [...count.entries()].sort(([, a], [, b]) => b.n - a.n || a.path.length - b.path.length || a.path.localeCompare(b.path))
  return best?.[0] ?? organId
}

/** The organ above `organId`; the region (no level above it) is its own. */
async function organAbove(tx: Tx, organId: string): Promise<string> {
  const organ = await tx.department.findUnique({ where: { id: organId }, select: { parent: { select: { organId: true } } } })
  return organ?.parent?.organId ?? organId
}

async function regionId(tx: Tx): Promise<string | null> {
  return (await tx.department.findFirst({ where: { kind: 'region' }, select: { id: true } }))?.id ?? null
}

export function createScopeResolver(): ScopeResolver {
  return {
    knows: (scope) => Object.hasOwn(scopeTitles, scope),
    async resolve(scope: string, instance: InstanceContext, tx: Tx, step?: { role: string }) {
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
        case 'level-above':
          return dept ? holdersOf(tx, await organAbove(tx, dept.organId), step?.role) : null
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
