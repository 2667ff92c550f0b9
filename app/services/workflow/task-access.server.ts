/**
 * Who may act on a task of a matter (issue 9, issue 11): the one rule the
 * engine, the task page, the inbox, the matter page and the draft endpoint
 * share — the `Task` rules of the permission model (ADR 026).
 *
 * The shipped rules: the assignee completes and transfers; while nobody is
 * assigned, holders of the step's role in the step's department
 * (`$grant.role`, `$grant.departmentId`) complete, claim and transfer; the
 * officers' own steps (role `officer`) only on matters the officer opened
 * or is named on (`$user.matterIds`). Nobody acts on a task that is not open.
 */
import { subject } from '@casl/ability'
import type { Prisma, Task } from '@zhifa/prisma-sqlite'
import type { Db, DbOrTx } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { Authorizer, TaskAction } from '../../../engine/index.ts'
import { abilityContext, accessibleWhere, subjectAbilityFor, buildAbility, type AppAbility } from '../permissions.server.ts'
import { activeRoles } from '../permissions/rule-store.server.ts'
import type { RoleSet } from '../permissions/rules.ts'

export interface MatterTeam {
  createdById: string
  officerIds: string[]
}

export function isOnTeam(actorId: string, team: MatterTeam): boolean {
  return team.createdById === actorId || team.officerIds.includes(actorId)
}

type TaskFacts = { status: string; role: string; departmentId: string | null; assigneeId: string | null }

/** Stands for the task's matter in a one-task check, where the team is known but not always the id. */
const THIS_MATTER = '@this-matter'

/**
 * The rules' answer for one task, judged with its matter's team as the
 * `$user.matterIds` fact (so an ability built before the matter existed still answers right).
 */
export function mayActOnTaskUnder(roles: RoleSet, actor: Actor, task: TaskFacts, action: TaskAction, team: MatterTeam | null): boolean {
  const ability = buildAbility(actor, roles, { matterIds: team && isOnTeam(actor.id, team) ? [THIS_MATTER] : [] }, 'Task')
  const row = { ...task, businessKey: team ? THIS_MATTER : null }
  return ability.can(action, subject('Task', row as Task))
}

/** Same, for the actor and rules an ability was built from. */
export function mayActOnMatterTask(ability: AppAbility, task: TaskFacts, action: TaskAction, team: MatterTeam | null): boolean {
  const { actor, roles } = abilityContext(ability)
  return mayActOnTaskUnder(roles, actor, task, action, team)
}

export async function matterTeam(db: Pick<DbOrTx, 'matter'>, matterId: string | null | undefined): Promise<MatterTeam | null> {
  if (!matterId) return null
  const matter = await db.matter.findUnique({ where: { id: matterId }, select: { createdById: true, officers: { select: { userId: true } } } })
  return matter ? { createdById: matter.createdById, officerIds: matter.officers.map((o) => o.userId) } : null
}

/** The engine's authorizer (EngineOptions.authorize): the rules, read inside the engine's transaction. */
export function taskAuthorizer(db: Db): Authorizer {
  return async (actor, task, action, tx) => {
    const client = tx ?? db
    return mayActOnTaskUnder(await activeRoles(client, db), actor, task, action, await matterTeam(client, task.businessKey))
  }
}

/** Open tasks an actor may act on, as a where-clause: the rules' `complete` on Task (assigned, or in a pool of theirs). */
export async function actionableTasksWhere(db: Db, actor: Actor): Promise<Prisma.TaskWhereInput> {
  return accessibleWhere(await subjectAbilityFor(db, actor, 'Task'), 'complete', 'Task')
}
