/**
 * 案审会: a case committee's decision is collective (第十二条; docs/decisions/021).
 * A member records the minutes with the attendees chosen from accounts (the
 * committee's members and the heads of the case's organ), the chair, each
 * attendee's vote and opinion; every attendee confirms that version of the
 * minutes under their own sign-in. The step completes only with a quorum of
 * the committee's members, a majority of the attendees agreeing and every
 * confirmation: checked in the completing transaction (the engine's
 * taskCompleted hook), so no path can close the step with one member alone.
 */
import type { Db, DbOrTx, Tx } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { Actor } from '../../../engine/actor.ts'
import { mayActOnTask, type TaskView } from '../../../engine/index.ts'
import { canonicalJson, type FormRegistry } from '../../../forms/_lib/registry.ts'
import { createFormValidator, type FormValidator } from '../../../forms/_lib/validator.ts'
import { appendAudit } from '../audit.server.ts'
import { VOTES, type Vote } from '../../reference/votes.ts'
export { VOTES, type Vote }
import { Conflict, Forbidden, InvalidInput, NotFound } from '../errors.ts'

export const COMMITTEE_FORM = 'committee-minutes'
/** Fields of the minutes the system writes from the attendance and confirmations, not the form. */
export const SYSTEM_FIELDS = ['attendees', 'host', 'confirmations'] as const
const HEAD_ROLES = ['principal-head', 'deputy-head'] as const
const OPINION_MAX = 500
const POST_MAX = 40

/** The step cannot be completed yet; the message says in Chinese what is missing. */
export class CommitteeDecisionIncomplete extends Conflict {
  constructor(readonly problems: string[]) {
    super(`案件审理委员会的集体讨论尚未完成，本环节不能办结：${problems.join('')}`)
  }
}

/** The minutes submitted are not the version the attendees confirmed. */
export class MinutesChanged extends Conflict {}

export interface AttendanceInput {
  chairId?: string
  /** `post`: the attendee's 职务 as the national 集体讨论记录 lists it (e.g. 副局长), typed by the recorder. */
  attendees?: Array<{ userId?: string; vote?: string; opinion?: string; post?: string }>
}

interface Eligible { id: string; name: string; position: string; member: boolean }

interface MinutesAttendee { userId: string; name: string; position: string; post?: string; vote: Vote; opinion: string }

export interface CommitteeStatus {
  members: number
  quorum: { needed: number; share: string }
  attendingMembers: number
  attendees: Array<MinutesAttendee & { member: boolean; chair: boolean; confirmedAt: string | null }>
  agree: number
  majorityNeeded: number
  revision: number | null
  recordedByName: string | null
  unconfirmed: string[]
  problems: string[]
}

const validators = new WeakMap<FormRegistry, FormValidator>()
function validatorOf(registry: FormRegistry): FormValidator {
  if (!validators.has(registry)) validators.set(registry, createFormValidator(registry))
  return validators.get(registry)!
}

function rowView(row: { status: string; assigneeId: string | null; role: string; departmentId: string | null } & Record<string, unknown>): TaskView {
  return { ...row, status: row.status as TaskView['status'], overdue: false, payload: null } as unknown as TaskView
}

/** `2026-03-03T16:20:00+08:00`: how a confirmation's time is printed (China Standard Time). */
export function shanghaiDateTime(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`
}

/** The committee's members: active holders of committee-member in the committee department. */
async function membersOf(tx: DbOrTx, committeeId: string) {
  const grants = await tx.roleAssignment.findMany({
    where: { role: 'committee-member', departmentId: committeeId, user: { status: 'active' } },
    select: { user: { select: { id: true, displayName: true } } }, orderBy: { createdAt: 'asc' },
  })
  return grants.map((g) => g.user)
}

/** Who may be chosen as an attendee: the committee's members and the heads of its organ. */
export async function eligibleAttendees(tx: DbOrTx, committeeId: string): Promise<Eligible[]> {
  const committee = await tx.department.findUnique({ where: { id: committeeId }, select: { organId: true } })
  if (!committee) return []
  const [members, heads] = await Promise.all([
    membersOf(tx, committeeId),
    tx.roleAssignment.findMany({
      where: { role: { in: [...HEAD_ROLES] }, departmentId: committee.organId, user: { status: 'active' } },
      select: { role: true, user: { select: { id: true, displayName: true } } }, orderBy: { createdAt: 'asc' },
    }),
  ])
  const out = new Map<string, Eligible>()
  const headTitle = (role: string) => (role === 'principal-head' ? '主要负责同志' : '分管负责同志')
  for (const h of [...heads].sort((a, b) => HEAD_ROLES.indexOf(a.role as never) - HEAD_ROLES.indexOf(b.role as never))) {
    out.set(h.user.id, { id: h.user.id, name: h.user.displayName, position: headTitle(h.role), member: false })
  }
  for (const m of members) {
    const head = out.get(m.id)
    out.set(m.id, head ? { ...head, position: `${head.position}、委员`, member: true } : { id: m.id, name: m.displayName, position: '案件审理委员会委员', member: true })
  }
  return [...out.values()]
}

async function quorumRule(tx: DbOrTx, committeeId: string) {
  const setting = await tx.committeeSetting.findUnique({ where: { departmentId: committeeId } })
  const numerator = setting?.quorumNumerator ?? 1
  const denominator = setting?.quorumDenominator ?? 2
  return { numerator, denominator, share: numerator * 2 === denominator ? '半数' : `${numerator}/${denominator}` }
}

async function loadTask(tx: DbOrTx, taskId: string) {
  const row = await tx.task.findUnique({ where: { id: taskId } })
  if (!row) throw new NotFound('未找到该待办事项。')
  if (row.form !== COMMITTEE_FORM || !row.departmentId) throw new NotFound('该环节不是案件审理委员会审查决定。')
  return row as typeof row & { departmentId: string }
}

function attendeesOf(payload: string): MinutesAttendee[] {
  return ((JSON.parse(payload) as { attendees?: MinutesAttendee[] }).attendees ?? [])
}

/** What the committee has recorded and confirmed for this step, and what is still missing (Chinese). */
export async function committeeStatus(tx: DbOrTx, taskId: string): Promise<CommitteeStatus> {
  const row = await loadTask(tx, taskId)
  const [members, rule, minutes] = await Promise.all([
    membersOf(tx, row.departmentId),
    quorumRule(tx, row.departmentId),
    tx.committeeMinutes.findUnique({ where: { taskId }, include: { confirmations: true } }),
  ])
  const memberIds = new Set(members.map((m) => m.id))
  const needed = Math.floor((members.length * rule.numerator) / rule.denominator) + 1
  const confirmed = new Map((minutes?.confirmations ?? []).filter((c) => c.revision === minutes?.revision).map((c) => [c.userId, c.confirmedAt]))
  const attendees = minutes ? attendeesOf(minutes.payload).map((a) => ({
    ...a, member: memberIds.has(a.userId), chair: a.userId === minutes.chairId, confirmedAt: confirmed.get(a.userId)?.toISOString() ?? null,
  })) : []
  const attendingMembers = attendees.filter((a) => a.member).length
  const agree = attendees.filter((a) => a.vote === '同意').length
  const majorityNeeded = Math.floor(attendees.length / 2) + 1
  const unconfirmed = attendees.filter((a) => !a.confirmedAt).map((a) => a.name)
  const problems: string[] = []
  if (!minutes) {
    problems.push('尚未记录会议纪要（出席人员、主持人和各人的表决意见）。')
  } else {
    if (attendingMembers < needed) {
      problems.push(`出席委员 ${attendingMembers} 人，不足法定人数：本委员会共有委员 ${members.length} 人，须超过${rule.share}，即至少 ${needed} 名委员出席。`)
    }
    if (agree < majorityNeeded) {
      problems.push(`同意 ${agree} 票，未超过出席人员（${attendees.length} 人）的半数，至少须 ${majorityNeeded} 票同意。`)
    }
    if (unconfirmed.length) problems.push(`尚有 ${unconfirmed.length} 名出席人员未在系统内确认纪要：${unconfirmed.join('、')}。`)
  }
  return {
    members: members.length, quorum: { needed, share: rule.share }, attendingMembers, attendees, agree, majorityNeeded,
    revision: minutes?.revision ?? null, recordedByName: minutes?.recordedByName ?? null, unconfirmed, problems,
  }
}

function checkedAttendance(input: AttendanceInput, eligible: Eligible[]): { chairId: string; attendees: MinutesAttendee[] } {
  const errors: string[] = []
  const byId = new Map(eligible.map((e) => [e.id, e]))
  const rows = Array.isArray(input.attendees) ? input.attendees : []
  if (rows.length === 0) errors.push('请选择出席会议的人员')
  const seen = new Set<string>()
  const attendees: MinutesAttendee[] = []
  for (const [i, a] of rows.entries()) {
    const who = byId.get(a.userId ?? '')
    if (!who) {
      errors.push(`第 ${i + 1} 名出席人员不是本机关案件审理委员会委员或负责同志，不能列为出席人员`)
      continue
    }
    if (seen.has(who.id)) errors.push(`「${who.name}」重复列入出席人员`)
    seen.add(who.id)
    const vote = VOTES.find((v) => v === a.vote)
    if (!vote) errors.push(`请选择「${who.name}」的表决意见（同意、不同意或弃权）`)
    const opinion = (a.opinion ?? '').trim()
    if (opinion.length < 2) errors.push(`请填写「${who.name}」发表的意见`)
    if (opinion.length > OPINION_MAX) errors.push(`「${who.name}」的意见不能超过 ${OPINION_MAX} 个字符`)
    const post = (a.post ?? '').trim()
    if (post && (post.length < 2 || post.length > POST_MAX)) errors.push(`「${who.name}」的职务应为 2 至 ${POST_MAX} 个字符`)
    attendees.push({ userId: who.id, name: who.name, position: who.position, ...(post ? { post } : {}), vote: vote ?? '弃权', opinion })
  }
  const chairId = input.chairId ?? ''
  if (!seen.has(chairId)) errors.push('主持人须从出席人员中选定')
  if (errors.length) throw new InvalidInput({ attendance: errors }, '会议出席与表决情况有误，请按提示修改。')
  return { chairId, attendees }
}

export function withoutSystemFields(payload: unknown): Record<string, unknown> {
  const out = { ...((payload && typeof payload === 'object' ? payload : {}) as Record<string, unknown>) }
  for (const key of SYSTEM_FIELDS) delete out[key]
  return out
}

/** JSON with sorted keys, so two payloads compare by content (nothing is `null`). */
function canonical(value: unknown): string {
  return canonicalJson(value ?? null)
}

export interface CommitteeContext { db: Db; clock: Clock; registry: FormRegistry }

/**
 * A member records (or revises) the minutes: the form's data plus the
 * attendance. Each recording is a new revision; earlier confirmations no
 * longer count, so every attendee confirms what will be issued.
 */
export async function recordMinutes(ctx: CommitteeContext, actor: Actor, taskId: string, input: { payload: unknown; attendance: AttendanceInput }) {
  return ctx.db.$transaction(async (tx) => {
    const row = await loadTask(tx, taskId)
    if (row.status !== 'open') throw new Conflict('该环节已办结或已取消，不能再修改会议纪要。')
    if (!mayActOnTask(actor, rowView(row), 'complete')) throw new Forbidden('只有本案件审理委员会的委员可以记录会议纪要。')
    const attendance = checkedAttendance(input.attendance, await eligibleAttendees(tx, row.departmentId))
    const chair = attendance.attendees.find((a) => a.userId === attendance.chairId)!
    const payload = { ...withoutSystemFields(input.payload), host: chair.name, attendees: attendance.attendees }
    const check = validatorOf(ctx.registry).validate(COMMITTEE_FORM, payload)
    if (!check.ok) throw new MinutesInvalid(check.errors)
    const now = ctx.clock.now()
    const previous = await tx.committeeMinutes.findUnique({ where: { taskId }, select: { revision: true } })
    const data = {
      revision: (previous?.revision ?? 0) + 1, payload: JSON.stringify(payload), chairId: attendance.chairId,
      recordedById: actor.id, recordedByName: actor.displayName, recordedAt: now,
    }
    const minutes = await tx.committeeMinutes.upsert({
      where: { taskId }, update: data, create: { taskId, instanceId: row.instanceId, departmentId: row.departmentId, ...data },
    })
    // Each attendee is asked to sign in and confirm this version.
    for (const a of attendance.attendees) {
      await tx.notification.create({
        data: {
          userId: a.userId, kind: 'committee-confirm', title: `请确认案件审理委员会会议纪要：${row.name}`,
          body: `${actor.displayName}记录了会议纪要（第 ${minutes.revision} 版），您是出席人员，请登录系统核对并确认。`,
          link: `/tasks/${taskId}`, dedupeKey: `committee-confirm:${taskId}:${minutes.revision}:${a.userId}`, createdAt: now,
        },
      })
    }
    await appendAudit(tx, {
      actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp ?? null,
      action: 'committee.minutes.record', targetType: 'Task', targetId: taskId,
      detail: { revision: minutes.revision, chairId: attendance.chairId, attendees: attendance.attendees.map((a) => ({ userId: a.userId, vote: a.vote })) },
    }, ctx.clock)
    return minutes
  })
}

/** The form's field errors of recorded minutes (same shape as the engine's InvalidForm). */
export class MinutesInvalid extends Error {
  readonly code = 'invalid-form'
  constructor(readonly fieldErrors: Array<{ path: string; message: string }>) {
    super('会议纪要有需要修改的地方。')
  }
}

/** An attendee confirms the current revision of the minutes, under their own sign-in. */
export async function confirmMinutes(ctx: Pick<CommitteeContext, 'db' | 'clock'>, actor: Actor, taskId: string) {
  return ctx.db.$transaction(async (tx) => {
    const row = await loadTask(tx, taskId)
    if (row.status !== 'open') throw new Conflict('该环节已办结或已取消，不能再确认会议纪要。')
    const minutes = await tx.committeeMinutes.findUnique({ where: { taskId } })
    if (!minutes) throw new Conflict('会议纪要尚未记录，暂不能确认。')
    const attendee = attendeesOf(minutes.payload).find((a) => a.userId === actor.id)
    if (!attendee) throw new Forbidden('您不是本次案件审理委员会会议的出席人员，不能确认会议纪要。')
    const done = await tx.committeeConfirmation.findUnique({ where: { minutesId_revision_userId: { minutesId: minutes.id, revision: minutes.revision, userId: actor.id } } })
    if (done) return done
    const confirmation = await tx.committeeConfirmation.create({
      data: { minutesId: minutes.id, revision: minutes.revision, userId: actor.id, userName: actor.displayName, confirmedAt: ctx.clock.now() },
    })
    await appendAudit(tx, {
      actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp ?? null,
      action: 'committee.minutes.confirm', targetType: 'Task', targetId: taskId, detail: { revision: minutes.revision, vote: attendee.vote },
    }, ctx.clock)
    return confirmation
  })
}

/** Whether this user attends the recorded minutes of the step (may read the step to confirm). */
export async function attendsMinutes(tx: DbOrTx, taskId: string, userId: string): Promise<boolean> {
  const minutes = await tx.committeeMinutes.findUnique({ where: { taskId }, select: { payload: true } })
  return !!minutes && attendeesOf(minutes.payload).some((a) => a.userId === userId)
}

/**
 * The minutes to submit when completing the step: the recorded revision
 * with its confirmations. Refuses when the form submitted differs from what
 * the attendees confirmed.
 */
export async function minutesForCompletion(tx: DbOrTx, taskId: string, submitted?: unknown): Promise<Record<string, unknown>> {
  const minutes = await tx.committeeMinutes.findUnique({ where: { taskId }, include: { confirmations: { orderBy: { confirmedAt: 'asc' } } } })
  if (!minutes) throw new CommitteeDecisionIncomplete(['尚未记录会议纪要（出席人员、主持人和各人的表决意见）。'])
  const recorded = JSON.parse(minutes.payload) as Record<string, unknown>
  if (submitted !== undefined && canonical(withoutSystemFields(submitted)) !== canonical(withoutSystemFields(recorded))) {
    throw new MinutesChanged('纪要内容与提请出席人员确认的版本不一致：请先「保存纪要，提请出席人员确认」，由出席人员重新确认后再办结。')
  }
  const confirmations = minutes.confirmations.filter((c) => c.revision === minutes.revision)
    .map((c) => ({ name: c.userName, confirmedAt: shanghaiDateTime(c.confirmedAt) }))
  return { ...recorded, ...(confirmations.length ? { confirmations } : {}) }
}

/**
 * In the completing transaction: refuses the completion unless quorum,
 * majority and every confirmation are there, and the completed payload is
 * exactly the confirmed minutes (what the issued document will print).
 */
export async function assertCollectiveDecision(tx: Tx, task: TaskView): Promise<void> {
  if (task.form !== COMMITTEE_FORM) return
  const status = await committeeStatus(tx, task.id)
  if (status.problems.length) throw new CommitteeDecisionIncomplete(status.problems)
  const expected = await minutesForCompletion(tx, task.id)
  if (canonical(task.payload) !== canonical(expected)) {
    throw new MinutesChanged('提交的纪要与出席人员确认的版本不一致，本环节未办结。')
  }
}

/** Each case committee of the system: members, and its quorum rule (for `npm run zhifa -- committee show`). */
export async function listCommittees(db: DbOrTx) {
  const committees = await db.department.findMany({ where: { kind: 'case-committee' }, orderBy: { path: 'asc' }, select: { id: true, code: true, name: true, organId: true } })
  const organs = new Map((await db.department.findMany({ where: { id: { in: committees.map((c) => c.organId) } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]))
  return Promise.all(committees.map(async (c) => {
    const [members, rule] = await Promise.all([membersOf(db, c.id), quorumRule(db, c.id)])
    return {
      code: c.code, name: `${organs.get(c.organId) ?? ''}${c.name}`, members: members.map((m) => m.displayName),
      quorum: `${rule.numerator}/${rule.denominator}`, needed: Math.floor((members.length * rule.numerator) / rule.denominator) + 1,
    }
  }))
}

/**
 * Sets a committee's quorum share (more than numerator/denominator of its
 * members must attend). Never below half: the rule of collective decision.
 */
export async function setQuorum(ctx: Pick<CommitteeContext, 'db' | 'clock'>, departmentCode: string, numerator: number, denominator: number, actorName = 'operator') {
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || numerator < 1 || denominator > 20 || numerator * 2 < denominator || numerator >= denominator) {
    const message = '法定人数比例须写成分数，如 1/2 或 2/3：不低于半数且小于全体'
    throw new InvalidInput({ quorum: [message] }, message)
  }
  return ctx.db.$transaction(async (tx) => {
    const committee = await tx.department.findUnique({ where: { code: departmentCode }, select: { id: true, kind: true } })
    if (!committee || committee.kind !== 'case-committee') throw new NotFound(`未找到案件审理委员会：${departmentCode}`)
    const now = ctx.clock.now()
    const before = await tx.committeeSetting.findUnique({ where: { departmentId: committee.id } })
    await tx.committeeSetting.upsert({
      where: { departmentId: committee.id }, update: { quorumNumerator: numerator, quorumDenominator: denominator, updatedAt: now },
      create: { departmentId: committee.id, quorumNumerator: numerator, quorumDenominator: denominator, updatedAt: now },
    })
    await appendAudit(tx, {
      actorName, action: 'committee.quorum.set', targetType: 'Department', targetId: committee.id,
      detail: { before: before ? `${before.quorumNumerator}/${before.quorumDenominator}` : null, after: `${numerator}/${denominator}` },
    }, ctx.clock)
  })
}
