/**
 * Opening a matter (立案、制定检查方案、提出申请…): the Matter row, its
 * number, its officers and the first instance of its procedure.
 */
import type { Db } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { Actor } from '../../../engine/actor.ts'
import type { WorkflowEngine } from '../../../engine/index.ts'
import { activeFormVersions } from '../catalog/matter-forms.server.ts'
import { appendAudit } from '../audit.server.ts'
import { allocateNumber, formatDocumentNumber, loadNumberingConfig, type NumberingConfig } from '../documents/numbering.server.ts'
import { InvalidInput, Forbidden } from '../errors.ts'
import { definitionFor, matterKind } from '../../reference/matters.ts'
import { effectiveSetting } from '../department-settings.server.ts'
import { abilityFor, mayOpenMatter } from '../permissions.server.ts'

export interface OpenMatterInput {
  kind: string
  variant?: string | null
  title: string
  /** The handling department; defaults to the actor's own. */
  departmentId?: string
  partyId?: string | null
  officerIds?: string[]
  parentId?: string | null
  /** Anything the procedure should know from the start (plan year, request target, …). */
  data?: Record<string, unknown>
}

let shippedNumbering: NumberingConfig | null = null
/** The shipped numbering pattern (forms/_common/numbering.json), read once. */
function matterNumbering(): NumberingConfig {
  return (shippedNumbering ??= loadNumberingConfig())
}

export interface MatterContext {
  db: Db
  clock: Clock
  workflow: WorkflowEngine
  /** The catalog's numbering patterns in force (reference list `numbering`), so a case number follows what the documents follow; absent: the shipped file. */
  numbering?: NumberingConfig
}

/**
 * Inspections and cases are done by at least two enforcement officers with
 * valid certificates, of the same organ (行政处罚法第四十二条; 第六条).
 */
async function checkOfficers(ctx: MatterContext, actor: Actor, officerIds: string[]) {
  if (officerIds.length < 2) throw new InvalidInput({ officerIds: ['执法人员不得少于两人，请再选择至少一名执法人员'] })
  const now = ctx.clock.now()
  const users = await ctx.db.user.findMany({ where: { id: { in: officerIds } }, include: { roles: { include: { department: { select: { organId: true } } } } } })
  const problems = officerIds.flatMap((id) => {
    const user = users.find((u) => u.id === id)
    const valid = user && user.status === 'active' && user.certificateKind && user.certificateExpiresAt && user.certificateExpiresAt > now
    const enforcing = user?.roles.some((r) => ['officer', 'supervisor'].includes(r.role) && r.department.organId === actor.organId)
    return valid && enforcing ? [] : [`${user?.displayName ?? id} 不是本机关持有效证件的执法人员`]
  })
  if (problems.length) throw new InvalidInput({ officerIds: problems })
}

/**
 * 第七条: officers ask to change or delete their own records (supervisors
 * also those of the departments they oversee), and to read a colleague's
 * document of their own organ.
 */
export async function checkRequestTarget(ctx: Pick<MatterContext, 'db'>, actor: Actor, kind: string, documentId: string) {
  const document = await ctx.db.document.findUnique({ where: { id: documentId }, select: { madeById: true, departmentId: true, departmentPath: true, deletedAt: true } })
  if (!document || document.deletedAt) throw new InvalidInput({ targetDocumentId: ['未找到该执法文书'] })
  if (kind === 'access-request') {
    if (document.madeById === actor.id) throw new InvalidInput({ targetDocumentId: ['本人制作的文书无需申请查阅'] })
    if (document.departmentId !== actor.organId) throw new InvalidInput({ targetDocumentId: ['只能申请查阅本部门其他人员制作的执法文书'] })
    return
  }
  const oversees = actor.roles.some((g) => g.role === 'supervisor' && document.departmentPath.startsWith(g.organPath))
  if (document.madeById !== actor.id && !oversees) throw new InvalidInput({ targetDocumentId: ['只能就本人制作的执法文书提出申请'] })
}

function shanghaiYear(date: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(date))
}

/**
 * The required choices of a kind of matter left empty, all of them at once,
 * so an empty 新建事项 marks every one instead of the first.
 */
export function missingChoices(input: { kind?: string; variant?: string | null; partyId?: string | null; officerIds?: string[] }): Record<string, string[]> {
  const missing: Record<string, string[]> = {}
  const info = input.kind ? matterKind(input.kind) : undefined
  if (!info) return input.kind ? {} : { kind: ['请选择事项类型'] }
  if (!definitionFor(info.key, input.variant ?? null)) missing.variant = ['请选择程序类型']
  if (info.hasParty && !input.partyId) missing.partyId = ['请选择管理相对人（生产经营单位）']
  if (info.hasParty && (input.officerIds ?? []).length === 0) missing.officerIds = ['执法人员不得少于两人，请再选择至少一名执法人员']
  return missing
}

export async function openMatter(ctx: MatterContext, actor: Actor, input: OpenMatterInput) {
  const info = matterKind(input.kind)
  if (!info) throw new InvalidInput({ kind: ['未知的事项类型'] })
  const title = input.title.trim()
  const missing = { ...missingChoices(input), ...(title ? {} : { title: ['请填写事项名称'] }) }
  if (Object.keys(missing).length) throw new InvalidInput(missing)
  const definitionKey = definitionFor(input.kind, input.variant)!
  if (title.length > 100) throw new InvalidInput({ title: ['事项名称不能超过 100 个字符'] })
  const departmentId = input.departmentId ?? actor.departmentId
  if (!mayOpenMatter(await abilityFor(ctx.db, actor, ctx.clock.now()), info.key, departmentId)) throw new Forbidden(`您在该部门没有开启「${info.title}」的权限。`)
  if (info.hasParty && !input.partyId) throw new InvalidInput({ partyId: ['请选择管理相对人（生产经营单位）'] })
  const officerIds = [...new Set([actor.id, ...(input.officerIds ?? [])])]
  if (info.hasParty) await checkOfficers(ctx, actor, officerIds)
  const target = input.data?.targetDocumentId
  if (typeof target === 'string') await checkRequestTarget(ctx, actor, info.key, target)

  const now = ctx.clock.now()
  const matter = await ctx.db.$transaction(async (tx) => {
    const department = await tx.department.findUniqueOrThrow({ where: { id: departmentId }, select: { id: true, path: true, organId: true } })
    const organ = await tx.department.findUniqueOrThrow({ where: { id: department.organId }, select: { docPrefix: true, path: true } })
    if (input.partyId) {
      const party = await tx.regulatedEntity.findUnique({ where: { id: input.partyId }, select: { departmentPath: true } })
      if (!party) throw new InvalidInput({ partyId: ['未找到该生产经营单位'] })
      // Jurisdiction: an organ acts on parties registered in its own area (its subtree), never a neighbour's (ADR 024).
      if (!party.departmentPath.startsWith(organ.path)) throw new InvalidInput({ partyId: ['该生产经营单位不在本机关管辖范围内'] })
    }
    const year = shanghaiYear(now)
    const seq = await allocateNumber(tx, { departmentId: department.organId, sequenceKey: `matter:${info.key}`, year })
    // 案件编号 in the documents' pattern, with the matter kind's abbreviation as the type: （伊县）应急检〔2026〕3号.
    const number = formatDocumentNumber(ctx.numbering ?? matterNumbering(), { prefix: organ.docPrefix ?? '', sequence: info.abbreviation, year, seq })
    const created = await tx.matter.create({
      data: {
        kind: info.key, variant: input.variant ?? null, number, title, departmentId: department.id,
        departmentPath: department.path, organId: department.organId, partyId: input.partyId ?? null,
        parentId: input.parentId ?? null, data: { ...(input.data ?? {}), definitionKey, formVersions: await activeFormVersions(tx) },
        targetDocumentId: typeof target === 'string' ? target : null,
        createdById: actor.id, createdByName: actor.displayName, createdAt: now,
        officers: { create: officerIds.map((userId, i) => ({ userId, position: i === 0 ? 'lead' : 'member' })) },
      },
    })
    await appendAudit(tx, {
      actorId: actor.id, actorName: actor.displayName, departmentId: actor.departmentId, organId: actor.organId, clientIp: actor.clientIp,
      action: 'matter.open', targetType: 'Matter', targetId: created.id, detail: { kind: info.key, variant: input.variant ?? null, number },
    }, ctx.clock)
    return created
  })
  try {
    // A penalty case keeps the statement period in force when it opened (docs/decisions/019).
    const partyPeriods = matter.kind === 'penalty-case'
      ? { partyPeriods: { statementDays: (await effectiveSetting(ctx.db, matter.departmentId, 'statement-period-days')).value } }
      : {}
    const instanceId = await ctx.workflow.start(definitionKey, {
      businessKey: matter.id,
      departmentId: matter.departmentId,
      variables: { matter: { id: matter.id, kind: matter.kind, variant: matter.variant, number: matter.number, title: matter.title, ...(input.data ?? {}) }, ...partyPeriods },
    }, actor)
    return { matter, instanceId }
  } catch (error) {
    // The procedure could not start: the matter must not linger without one.
    await ctx.db.$transaction(async (tx) => {
      await tx.matter.delete({ where: { id: matter.id } })
      await appendAudit(tx, {
        actorId: actor.id, actorName: actor.displayName, organId: actor.organId, action: 'matter.open', outcome: 'failure',
        targetType: 'Matter', targetId: matter.id, detail: { reason: (error as Error).message },
      }, ctx.clock)
    })
    throw error
  }
}
