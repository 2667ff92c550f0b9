/**
 * 权限说明: for a user and a record (document, matter or task), each action
 * the model knows for that kind of record, whether the rules allow it and
 * which rule decided — named by role and rule (ADR 026). It asks the same
 * ability the pages ask, so the explanation cannot disagree with them.
 */
import { subject as asSubject } from '@casl/ability'
import type { Db } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import { loadAccount, toActor } from '../accounts.server.ts'
import { abilityFor, buildAbility, type Action, type AppAbility } from '../permissions.server.ts'
import { NotFound } from '../errors.ts'
import { isOnTeam, matterTeam } from '../workflow/task-access.server.ts'
import { activeRoles } from './rule-store.server.ts'
import { ruleInChinese, type RuleInChinese } from './describe.ts'
import { ACTION_TITLES, SUBJECTS } from './vocabulary.ts'
import type { RoleSet } from './rules.ts'
import { documentNumberText } from '../../reference/document-number.ts'

export type RecordKind = 'document' | 'matter' | 'task'

export interface ActionExplanation {
  action: string
  actionTitle: string
  allowed: boolean
  /** "<role key>/<rule id>" of the deciding rule, or null when no rule allows (refused by default). */
  ruleRef: string | null
  ruleName: string | null
  rule: RuleInChinese | null
}

export interface Explanation {
  user: { loginName: string; displayName: string }
  record: { kind: RecordKind; id: string; label: string }
  actions: ActionExplanation[]
}

const SUBJECT_OF: Record<RecordKind, 'Document' | 'Matter' | 'Task'> = { document: 'Document', matter: 'Matter', task: 'Task' }

/** Why one rule decided, from its CASL `reason` ("role/rule"). */
function describeRule(roles: RoleSet, ref: string | undefined): Pick<ActionExplanation, 'ruleRef' | 'ruleName' | 'rule'> {
  if (!ref) return { ruleRef: null, ruleName: null, rule: null }
  const [roleKey, ruleId] = ref.split('/')
  const role = roles.get(roleKey!)
  const rule = role?.rules.find((r) => r.id === ruleId)
  if (!role || !rule) return { ruleRef: ref, ruleName: ref, rule: null }
  return { ruleRef: ref, ruleName: `${role.name} · ${rule.title ?? rule.id}`, rule: ruleInChinese(role.name, rule) }
}

function explainWith(ability: AppAbility, roles: RoleSet, subjectName: 'Document' | 'Matter' | 'Task', row: object): ActionExplanation[] {
  return SUBJECTS[subjectName]!.actions.map((action) => {
    const instance = asSubject(subjectName, row as never)
    const allowed = ability.can(action as Action, instance)
    const decisive = ability.relevantRuleFor(action as Action, instance)
    // A refusal without a denying rule is the default (no rule allows); an allowing rule that matched is named.
    const ref = decisive && (decisive.inverted || allowed) ? decisive.reason : undefined
    return { action, actionTitle: ACTION_TITLES[action] ?? action, allowed, ...describeRule(roles, ref) }
  })
}

async function findRecord(db: Db, kind: RecordKind, ref: string) {
  const key = ref.trim()
  if (kind === 'document') {
    const row = await db.document.findFirst({
      where: { OR: [{ id: key }, { number: key }] },
      select: {
        id: true, number: true, formKey: true, departmentId: true, departmentPath: true, madeById: true, issuedById: true, matterId: true, deletedAt: true, subjectType: true, subjectId: true, year: true,
        matter: { select: { createdById: true, officers: { select: { userId: true } } } },
        accessGrants: { select: { userId: true, until: true, matterId: true } }, requests: { select: { kind: true, status: true } },
      },
    })
    return row ? { row, label: documentNumberText(row.number) } : null
  }
  if (kind === 'matter') {
    const row = await db.matter.findFirst({ where: { OR: [{ id: key }, { number: key }] }, include: { officers: { select: { userId: true } } } })
    return row ? { row, label: `${row.number} ${row.title}` } : null
  }
  const row = await db.task.findUnique({ where: { id: key } })
  return row ? { row, label: row.name } : null
}

export async function explainAccess(db: Db, clock: Clock, input: { loginName: string; kind: RecordKind; ref: string }): Promise<Explanation> {
  const user = await db.user.findUnique({ where: { loginName: input.loginName.trim() }, select: { id: true, loginName: true, displayName: true } })
  const account = user ? await loadAccount(db, user.id) : null
  if (!user || !account) throw new NotFound('未找到该用户。')
  const found = await findRecord(db, input.kind, input.ref)
  if (!found) throw new NotFound('未找到该记录，请核对编号或文号。')
  const actor = toActor(account, null)
  const roles = await activeRoles(db)
  const subjectName = SUBJECT_OF[input.kind]
  let actions: ActionExplanation[]
  if (input.kind === 'task') {
    // As the task page judges it: the task's matter team is the `$user.matterIds` fact.
    const task = found.row as { businessKey: string | null }
    const team = await matterTeam(db, task.businessKey)
    const ability = buildAbility(actor, roles, { matterIds: team && isOnTeam(actor.id, team) && task.businessKey ? [task.businessKey] : [] }, 'Task')
    actions = explainWith(ability, roles, 'Task', found.row)
  } else {
    actions = explainWith(await abilityFor(db, actor, clock.now(), roles), roles, subjectName, found.row)
  }
  return {
    user: { loginName: user.loginName, displayName: user.displayName },
    record: { kind: input.kind, id: (found.row as { id: string }).id, label: found.label },
    actions,
  }
}
