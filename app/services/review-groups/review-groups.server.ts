/**
 * Named review groups (审核小组, issue 13 part 3, docs/decisions/042): a
 * group is a role marked `group` in the catalog's role list, sitting in one
 * department; its members are the users granted that role there. Tasks,
 * inbox and claiming then work as for any role (holdsTaskRole: role ×
 * department), and a review step names the group as its `zf:role`.
 *
 * Creating a group stores, in one transaction, a new version of the role
 * list with a change note and the group's own rules (kind `role`); members
 * are granted and removed through the role-assignment writes of
 * users.server.ts. Who may do either is `update ReviewGroup` on the group's
 * department (a legal reviewer: their organ and those below it).
 */
import { subject } from '@casl/ability'
import type { Db, DbOrTx, Tx } from '../../../prisma/client.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { Catalog } from '../catalog/catalog.server.ts'
import { createEntryVersionIn } from '../catalog/versions.server.ts'
import { activateIn } from '../catalog/activate.server.ts'
import { ITEM_KEY } from '../catalog/kinds.ts'
import { invalidateRoles } from '../permissions/rule-store.server.ts'
import type { RoleContent } from '../permissions/rules.ts'
import type { AppAbility } from '../permissions.server.ts'
import { appendAudit } from '../audit.server.ts'
import { grantRoleIn, revokeRoleIn } from '../users.server.ts'
import type { RoleInfo } from '../../reference/roles.ts'
import shippedRoles from '../../../catalog/reference/roles.json' with { type: 'json' }
import { Conflict, Forbidden, InvalidInput, NotFound } from '../errors.ts'

export interface ReviewGroupDeps {
  db: Db
  clock: Clock
  catalog: Pick<Catalog, 'reload'>
}

/** Who acts: the actor and their ability (`update ReviewGroup` on the group's department). */
export interface ReviewGroupWriter {
  actor: Actor
  ability: AppAbility
}

export interface ReviewGroupView {
  key: string
  title: string
  department: { id: string; code: string; name: string }
  members: Array<{ id: string; name: string }>
}

const ROLES_LIST = 'roles'
const NOT_YOURS = '您不能管理该部门的审核小组：只能管理本机关及下级部门的。'

/**
 * What a member needs and no more: the group's task pool in its department,
 * receiving a transfer, and reading the organ's matters and documents so the
 * task's case opens (as a legal reviewer or a committee member reads them).
 */
export function groupRoleContent(title: string): RoleContent {
  return {
    name: title,
    rules: [
      { id: 'read-organ-matters', title: '查看本机关事项', action: 'read', subject: 'Matter', conditions: { organId: '$grant.organId' } },
      { id: 'read-organ-documents', title: '查阅本机关的文书', action: 'read', subject: 'Document', conditions: { deletedAt: null, departmentId: '$grant.organId' } },
      { id: 'pool-tasks', title: '办理本小组的待办', action: ['complete', 'assign', 'claim'], subject: 'Task', conditions: { status: 'open', assigneeId: null, role: '$grant.role', departmentId: '$grant.departmentId' } },
      { id: 'receive-tasks', title: '接收转办', action: 'receive', subject: 'Task', conditions: { status: 'open', role: '$grant.role', departmentId: '$grant.departmentId' } },
    ],
  }
}

/** The role list in force: the catalog's active version, or the shipped file when the catalog has none yet (never this process's memory, which may hold another database's list). */
async function activeRoleList(db: DbOrTx): Promise<RoleInfo[]> {
  const item = await db.catalogItem.findUnique({ where: { kind_key: { kind: 'reference', key: ROLES_LIST } }, select: { activeVersion: true } })
  if (!item) return [...(shippedRoles as RoleInfo[])]
  const row = await db.catalogVersion.findUnique({ where: { kind_key_version: { kind: 'reference', key: ROLES_LIST, version: item.activeVersion } }, select: { content: true } })
  return row ? (row.content as unknown as RoleInfo[]) : [...(shippedRoles as RoleInfo[])]
}

function mayManage(ability: AppAbility, department: { id: string; path: string }): boolean {
  return ability.can('update', subject('ReviewGroup', { departmentId: department.id, departmentPath: department.path }))
}

/** Departments by id with the organ's name before a unit's (伊宁县应急管理局法制审核部门): every organ's units have the same names. */
async function namedDepartments(db: DbOrTx, where: { id?: { in: string[] }; code?: { in: string[] } }) {
  const rows = await db.department.findMany({ where, select: { id: true, code: true, name: true, path: true, organId: true } })
  const organs = new Map((await db.department.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.organId))] } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]))
  return rows.map((r) => ({ ...r, name: r.organId === r.id ? r.name : `${organs.get(r.organId) ?? ''}${r.name}` }))
}

async function groupsWithDepartments(db: DbOrTx) {
  const groups = (await activeRoleList(db)).filter((r) => r.group && r.department)
  const departments = await namedDepartments(db, { code: { in: groups.map((g) => g.department!) } })
  const byCode = new Map(departments.map((d) => [d.code, d]))
  return groups.flatMap((g) => {
    const department = byCode.get(g.department!)
    return department ? [{ group: g, department }] : []
  })
}

/** The groups whose department the ability may manage (their organ and below), with their active members. */
export async function listReviewGroups(db: DbOrTx, ability: AppAbility): Promise<ReviewGroupView[]> {
  const visible = (await groupsWithDepartments(db)).filter(({ department }) => mayManage(ability, department))
  const grants = await db.roleAssignment.findMany({
    where: { role: { in: visible.map((v) => v.group.key) } },
    select: { role: true, departmentId: true, user: { select: { id: true, displayName: true } } },
    orderBy: { user: { loginName: 'asc' } },
  })
  return visible.map(({ group, department }) => ({
    key: group.key, title: group.title,
    department: { id: department.id, code: department.code, name: department.name },
    members: grants.filter((g) => g.role === group.key && g.departmentId === department.id).map((g) => ({ id: g.user.id, name: g.user.displayName })),
  }))
}

/** The groups sitting in an organ's subtree: the configurator's 小组 choices for that organ. */
export async function reviewGroupsOfOrgan(db: DbOrTx, organPath: string): Promise<Array<{ key: string; title: string; departmentName: string }>> {
  return (await groupsWithDepartments(db))
    .filter(({ department }) => department.path.startsWith(organPath))
    .map(({ group, department }) => ({ key: group.key, title: group.title, departmentName: department.name }))
}

/** Departments where the ability may set up a group, each with the active users who may be chosen as members. */
export async function groupDepartments(db: DbOrTx, ability: AppAbility) {
  const all = await db.department.findMany({ select: { id: true, path: true }, orderBy: { path: 'asc' } })
  const order = new Map(all.map((d, i) => [d.id, i]))
  const departments = (await namedDepartments(db, { id: { in: all.filter((d) => mayManage(ability, d)).map((d) => d.id) } }))
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!)
  const users = await db.user.findMany({
    where: { departmentId: { in: departments.map((d) => d.id) }, status: 'active' },
    select: { id: true, displayName: true, departmentId: true }, orderBy: { loginName: 'asc' },
  })
  return departments.map((d) => ({ id: d.id, name: d.name, users: users.filter((u) => u.departmentId === d.id).map((u) => ({ id: u.id, name: u.displayName })) }))
}

export interface NewReviewGroup {
  title: string
  key?: string | null
  departmentId: string
  memberIds: string[]
  note: string
}

/** Members must be active users of the group's department, and never the writer (nobody grants themselves, role-grants.server.ts). */
async function checkMembers(tx: DbOrTx, actor: Actor, departmentId: string, memberIds: string[]): Promise<string[]> {
  const wanted = [...new Set(memberIds)]
  if (wanted.includes(actor.id)) throw new InvalidInput({ members: ['不能把自己设为小组成员：成员须由另一名人员设置（职责分离）'] })
  const found = await tx.user.findMany({ where: { id: { in: wanted }, departmentId, status: 'active' }, select: { id: true } })
  if (found.length !== wanted.length) throw new InvalidInput({ members: ['小组成员只能从该部门在岗人员中选择'] })
  return wanted
}

function auditBase(actor: Actor) {
  return { actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp }
}

/**
 * Sets up a group: the role list's next version (with the group), the
 * group's rules, and its members' grants — one transaction, logged. 403 on a
 * department the writer may not manage; 409 when the key or the name is taken.
 */
export async function createReviewGroup(deps: ReviewGroupDeps, writer: ReviewGroupWriter, input: NewReviewGroup): Promise<{ key: string }> {
  const { actor, ability } = writer
  const [department] = await namedDepartments(deps.db, { id: { in: [input.departmentId] } })
  if (!department || !mayManage(ability, department)) throw new Forbidden(NOT_YOURS)
  const title = input.title.trim()
  if (title.length < 2 || title.length > 40) throw new InvalidInput({ title: ['小组名称应为 2 至 40 个字'] })
  const note = input.note.trim()
  if (!note) throw new InvalidInput({ note: ['请填写变更说明'] })
  const given = input.key?.trim() || null
  if (given && (!ITEM_KEY.test(given) || given.length > 40)) throw new InvalidInput({ key: ['标识只能用小写英文字母、数字和连字符，以字母开头，不超过 40 个字符'] })

  const key = await deps.db.$transaction(async (tx: Tx) => {
    const list = await activeRoleList(tx)
    const taken = new Set([...list.map((r) => r.key), ...(await tx.catalogItem.findMany({ where: { kind: 'role' }, select: { key: true } })).map((i) => i.key)])
    if (list.some((r) => r.title === title)) throw new Conflict(`已有名为「${title}」的角色或小组。`)
    if (given && taken.has(given)) throw new Conflict(`标识「${given}」已被使用。`)
    let key = given
    for (let n = list.filter((r) => r.group).length + 1; !key; n++) if (!taken.has(`group-${n}`)) key = `group-${n}`
    const memberIds = await checkMembers(tx, actor, department.id, input.memberIds)
    const entry: RoleInfo = { key, title, certificate: 'none', description: `审核小组（${department.name}）`, group: true, department: department.code }
    const changeNote = `设立审核小组「${title}」（${department.name}）：${note}`
    const by = { id: actor.id, displayName: actor.displayName }
    const listVersion = await createEntryVersionIn(tx, { kind: 'reference', key: ROLES_LIST, content: [...list, entry], source: 'admin', changeNote, actor: by }, deps.clock)
    await activateIn(tx, { kind: 'reference', key: ROLES_LIST, version: listVersion.version, actor: by, changeNote }, deps.clock)
    const rules = await createEntryVersionIn(tx, { kind: 'role', key, content: groupRoleContent(title), source: 'admin', changeNote, actor: by }, deps.clock)
    await activateIn(tx, { kind: 'role', key, version: rules.version, actor: by, changeNote }, deps.clock)
    for (const userId of memberIds) await grantRoleIn(tx, { actor, clock: deps.clock }, { userId, role: key, departmentId: department.id })
    await appendAudit(tx, {
      ...auditBase(actor), action: 'review-group.create', targetType: 'Role', targetId: key,
      detail: { title, departmentId: department.id, members: memberIds, rolesVersion: listVersion.version, note },
    }, deps.clock)
    return key
  })
  invalidateRoles(deps.db)
  await deps.catalog.reload()
  return { key }
}

/**
 * Sets a group's members to `memberIds`: grants the new ones and removes the
 * others, one transaction, logged. 404 for no such group, 403 for a group of
 * a department the writer may not manage.
 */
export async function setReviewGroupMembers(deps: ReviewGroupDeps, writer: ReviewGroupWriter, key: string, memberIds: string[]): Promise<{ added: string[]; removed: string[] }> {
  const { actor, ability } = writer
  const found = (await groupsWithDepartments(deps.db)).find((g) => g.group.key === key)
  if (!found) throw new NotFound('没有这个审核小组。')
  if (!mayManage(ability, found.department)) throw new Forbidden(NOT_YOURS)
  const departmentId = found.department.id
  return deps.db.$transaction(async (tx: Tx) => {
    const current = await tx.roleAssignment.findMany({ where: { role: key, departmentId }, select: { id: true, userId: true, role: true, departmentId: true } })
    // The writer's own grant is not theirs to change either way: it stays as it is.
    const wanted = await checkMembers(tx, actor, departmentId, memberIds.filter((id) => id !== actor.id))
    if (current.some((c) => c.userId === actor.id)) wanted.push(actor.id)
    const added = wanted.filter((id) => !current.some((c) => c.userId === id))
    const removed = current.filter((c) => !wanted.includes(c.userId))
    for (const userId of added) await grantRoleIn(tx, { actor, clock: deps.clock }, { userId, role: key, departmentId })
    for (const grant of removed) await revokeRoleIn(tx, { actor, clock: deps.clock }, grant)
    await appendAudit(tx, {
      ...auditBase(actor), action: 'review-group.members', targetType: 'Role', targetId: key,
      detail: { departmentId, added, removed: removed.map((r) => r.userId) },
    }, deps.clock)
    return { added, removed: removed.map((r) => r.userId) }
  })
}

export interface WhoChoices {
  label: string
  options: Array<{ value: string; label: string }>
}

/**
 * The configurator's "who" choices for an organ: the roles (groups aside),
 * then the groups sitting in the organ's subtree, labelled 小组 — a step's
 * department is chosen beside it as for a role.
 */
export async function reviewStepWhoChoices(db: DbOrTx, roleList: readonly RoleInfo[], organPath: string): Promise<WhoChoices[]> {
  const groups = await reviewGroupsOfOrgan(db, organPath)
  return [
    { label: '角色', options: roleList.filter((r) => !r.group).map((r) => ({ value: r.key, label: r.title })) },
    ...(groups.length ? [{ label: '小组', options: groups.map((g) => ({ value: g.key, label: `${g.title}（小组 · ${g.departmentName}）` })) }] : []),
  ]
}
