/**
 * Who may do what (CASL), built from data (ADR 026). Roles and their rules
 * are catalog rows (rule-store.server.ts, seeded from
 * permissions/baseline-roles.json); this is the one module that turns the
 * actor's role grants plus the active rules into an ability. Conditions are
 * Prisma where-clauses, so the same rules check one record
 * (`ability.can('update', subject('User', user))`), filter lists and counts
 * (`accessibleWhere(ability, 'read', 'User')`), decide task actions inside
 * the engine (task-access.server.ts), who opens a matter of a kind
 * (`create` Matter by kind) and who approves a record request (`approve`
 * RecordRequest) — and nothing leaks.
 *
 * The shipped rules follow 第六、七条: an organ's (机关) administrator manages
 * that organ's accounts only; the region sees everything below it; a
 * document's content is read by whoever made it, the matter's officers,
 * supervisors and heads of the department and those above, the organ's
 * legal reviewers and committee, and through an approved access request —
 * administrators never read content (ADR 023).
 */
import { accessibleBy, createPrismaAbility, type PrismaQueryOf, type Subjects } from '@casl/prisma/runtime'
import { subject, type Ability, type RawRuleOf } from '@casl/ability'
import type { AuditEntry, CatalogProposal, Department, Document, Matter, Prisma, RegulatedEntity, Task, User } from '@zhifa/prisma-sqlite'
import type { Db } from '../../prisma/client.ts'
import type { Actor } from '../../engine/actor.ts'
import { activeRulesFor, ANY_ROLE, fillConditions, placeholdersIn, ruleActions, usesPlaceholder, type ActiveRule, type ActorFacts, type RoleSet } from './permissions/rules.ts'
import { activeRoles, baselineRoles } from './permissions/rule-store.server.ts'

export { isRegionGrant } from './permissions/rules.ts'

export type Action = 'read' | 'create' | 'update' | 'stop' | 'manage' | 'complete' | 'claim' | 'assign' | 'receive' | 'approve'

export type AppSubjects =
  | Subjects<{
    User: User; Department: Department; AuditEntry: AuditEntry; RegulatedEntity: RegulatedEntity; Matter: Matter; Document: Document; Task: Task
    /** A proposed change to a catalog item (ADR 041): who may propose (`create`), see it (`read`) and decide it (`approve`). */
    CatalogProposal: CatalogProposal
    /** A request about records (第七条) by its kind: who approves it. */
    RecordRequest: { kind: string }
    /** A procedure's review steps for a department's subtree (issue 13 part 3, docs/decisions/040): who may see and change them. */
    ReviewSteps: { departmentId: string; departmentPath: string }
    /** A named review group by the department it sits in (docs/decisions/042): who may see it and change its members. */
    ReviewGroup: { departmentId: string; departmentPath: string }
  }>
  | 'ProcessDefinition'
  | 'Form'
  | 'Calendar'
  | 'Permission'
  | 'all'

export type AppAbility = Ability<[Action, AppSubjects], PrismaQueryOf<Prisma.TypeMap>>

/** `reason` of every CASL rule built here: "<role key>/<rule id>", so an answer can name its rule. */
export function ruleReason(rule: Pick<ActiveRule, 'roleKey' | 'rule'>): string {
  return `${rule.roleKey}/${rule.rule.id}`
}

/** The ability of an actor under these roles (pure; `facts` fill the placeholders that need data). */
export function buildAbility(actor: Actor, roles: RoleSet, facts: ActorFacts, only?: string): AppAbility {
  const raw = activeRulesFor(actor, roles).filter((active) => !only || active.rule.subject === only).map((active) => ({
    action: ruleActions(active.rule),
    subject: active.rule.subject,
    conditions: active.rule.conditions ? fillConditions(active.rule.conditions, actor, active.grant, facts) : undefined,
    inverted: active.rule.inverted ?? false,
    reason: ruleReason(active),
  }))
  const ability = createPrismaAbility(raw as unknown as RawRuleOf<AppAbility>[]) as unknown as AppAbility
  contexts.set(ability, { actor, roles })
  return ability
}

/** Ids of the matters the actor opened or is a named officer on (the `$user.matterIds` placeholder). */
export async function matterIdsOf(db: Pick<Db, 'matter'>, actorId: string): Promise<string[]> {
  const rows = await db.matter.findMany({ where: { OR: [{ createdById: actorId }, { officers: { some: { userId: actorId } } }] }, select: { id: true } })
  return rows.map((m) => m.id)
}

/**
 * The actor's ability from the active rules. `now` decides which access
 * grants are still valid; the guard passes the application clock's now.
 * The matters the actor is on are loaded only when one of their rules asks.
 */
export async function abilityFor(db: Db, actor: Actor, now: Date, roles?: RoleSet): Promise<AppAbility> {
  return abilityOver(db, actor, { now }, roles)
}

/** The ability over one subject's rules only (the inbox's task list needs no clock). */
export async function subjectAbilityFor(db: Db, actor: Actor, only: string): Promise<AppAbility> {
  return abilityOver(db, actor, {}, undefined, only)
}

async function abilityOver(db: Db, actor: Actor, facts: ActorFacts, roles?: RoleSet, only?: string): Promise<AppAbility> {
  const set = roles ?? await activeRoles(db)
  const rules = activeRulesFor(actor, set).map((r) => r.rule).filter((r) => !only || r.subject === only)
  const matterIds = usesPlaceholder(rules, '$user.matterIds') ? await matterIdsOf(db, actor.id) : undefined
  return buildAbility(actor, set, { ...facts, matterIds }, only)
}

/**
 * The ability under the shipped baseline rules, for code with no database
 * at hand (a script, a scenario test); requests use `abilityFor`, which
 * reads the active rules. Task rules needing the matters one is on see none.
 */
export function defineAbilityFor(actor: Actor, now: Date): AppAbility {
  return buildAbility(actor, baselineRoles(), { now, matterIds: [] })
}

/** May the ability open a matter of this kind in this department (the rules' `create` on Matter)? */
export function mayOpenMatter(ability: AppAbility, kind: string, departmentId: string): boolean {
  return ability.can('create', subject('Matter', { kind, departmentId } as Matter))
}

/** May the actor open a matter of this kind in any department they hold a role in (what the pages offer)? */
export function opensKind(ability: AppAbility, actor: Actor, kind: string): boolean {
  return actor.roles.some((g) => mayOpenMatter(ability, kind, g.departmentId))
}

/**
 * Which roles' own rules allow `action` on this record, whoever holds them
 * (rules with placeholders need a person and are left out): e.g. who
 * approves a change request — `approve` on RecordRequest by kind; who
 * decides a proposed form change — `approve` on CatalogProposal.
 */
export function rolesAllowedTo(roles: RoleSet, action: Action, subjectType: 'RecordRequest' | 'CatalogProposal', record: Record<string, unknown>): string[] {
  return [...roles].filter(([key, role]) => key !== ANY_ROLE && createPrismaAbility(role.rules
    .filter((r) => r.subject === subjectType && placeholdersIn(r.conditions).length === 0)
    .map((r) => ({ action: ruleActions(r), subject: r.subject, conditions: r.conditions, inverted: r.inverted ?? false })) as never,
  ).can(action, subject(subjectType, record) as never)).map(([key]) => key)
}

const contexts = new WeakMap<AppAbility, { actor: Actor; roles: RoleSet }>()

/** The actor and rules an ability was built from (one-task checks and the explanation rebuild from them). */
export function abilityContext(ability: AppAbility): { actor: Actor; roles: RoleSet } {
  const context = contexts.get(ability)
  if (!context) throw new Error('ability not built by buildAbility')
  return context
}

type ListableModel = 'User' | 'Department' | 'AuditEntry' | 'RegulatedEntity' | 'Matter' | 'Document' | 'Task' | 'CatalogProposal'
type WhereOf<M extends ListableModel> = Prisma.TypeMap['model'][M]['operations']['findMany']['args']['where']

/** A where-clause no row satisfies, per model (by primary key). */
const NO_ROWS = {
  User: { id: { in: [] as string[] } },
  Department: { id: { in: [] as string[] } },
  RegulatedEntity: { id: { in: [] as string[] } },
  Document: { id: { in: [] as string[] } },
  AuditEntry: { seq: { in: [] as number[] } },
  Matter: { id: { in: [] as string[] } },
  Task: { id: { in: [] as string[] } },
  CatalogProposal: { id: { in: [] as string[] } },
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
