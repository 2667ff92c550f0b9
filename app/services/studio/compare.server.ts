/**
 * Comparing two versions of a procedure for the studio (issue 12 part 3):
 * the engine's diff (engine/definition/definition-diff.ts: steps matched by
 * id, every zf attribute and condition, layout ignored) with Chinese names
 * for element kinds and attributes, the two XML files for the diagrams, and
 * which elements to colour on each side.
 */
import type { Db } from '../../../prisma/client.ts'
import { diffDefinitions, type DiffElement } from '../../../engine/definition/definition-diff.ts'
import { InvalidInput, NotFound } from '../errors.ts'

const TYPE_TITLES: Record<string, string> = {
  userTask: '环节', sequenceFlow: '连线', exclusiveGateway: '排他网关', parallelGateway: '并行网关', inclusiveGateway: '包容网关',
  startEvent: '开始', endEvent: '结束', boundaryEvent: '边界事件', intermediateCatchEvent: '中间事件', callActivity: '调用流程',
  subProcess: '子流程', textAnnotation: '注释', association: '关联',
}

/** Chinese names of the values a step or flow carries (zf attributes, conditions, references). */
const VALUE_TITLES: Record<string, string> = {
  type: '类型', name: '名称', form: '表单（zf:form）', role: '岗位（zf:role）', scope: '办理范围（zf:scope）', due: '期限（zf:due）',
  gate: '法定关卡（zf:gate）', outcome: '结果变量（zf:outcome）', outcomes: '可选结果（zf:outcomes）', result: '数据变量（zf:result）',
  issue: '制发文书（zf:issue）', assignee: '办理人（zf:assignee）', lead: '提前期（zf:lead）', period: '期间（zf:period）',
  approval: '审批环节（zf:approval）', completion: '完成条件（zf:completion）', calls: '调用（zf:calls）',
  opinion: '办理意见（zf:opinion）', overdue: '逾期后（zf:overdue）',
  sourceRef: '起点', targetRef: '终点', attachedToRef: '所附环节', default: '默认流向', calledElement: '被调用流程',
  'formalExpression.body': '条件', 'conditionExpression.body': '条件', 'timerEventDefinition.timeDuration': '定时',
  'formalExpression.$body': '条件',
}

export function typeTitle(type: string): string {
  return TYPE_TITLES[type] ?? type
}

export function valueTitle(name: string): string {
  return VALUE_TITLES[name] ?? (name.endsWith('.body') ? '条件' : name)
}

export interface ComparedElement { id: string; type: string; typeTitle: string; name: string }

export interface VersionComparison {
  key: string
  from: { version: number; name: string; xml: string }
  to: { version: number; name: string; xml: string }
  added: ComparedElement[]
  removed: ComparedElement[]
  changed: Array<ComparedElement & { changes: Array<{ name: string; title: string; before: string | null; after: string | null }> }>
}

function described(e: DiffElement): ComparedElement {
  return { id: e.id, type: e.type, typeTitle: typeTitle(e.type), name: e.name }
}

export async function compareVersions(db: Db, key: string, from: number, to: number): Promise<VersionComparison> {
  if (from === to) throw new InvalidInput({ to: ['请选择两个不同的版本'] })
  const rows = await db.processDefinition.findMany({ where: { key, version: { in: [from, to] } }, select: { version: true, name: true, xml: true } })
  const a = rows.find((r) => r.version === from)
  const b = rows.find((r) => r.version === to)
  if (!a || !b) throw new NotFound(`流程「${key}」没有第 ${a ? to : from} 版`)
  const diff = await diffDefinitions(a.xml, b.xml)
  // Stored versions passed every deploy check, so both parse; a failure here is a bug, not the user's input.
  if (!diff.ok) throw new Error(`stored version of ${key} does not parse: ${diff.problems.map((p) => p.code).join(', ')}`)
  return {
    key,
    from: { version: a.version, name: a.name, xml: a.xml },
    to: { version: b.version, name: b.name, xml: b.xml },
    added: diff.added.map(described),
    removed: diff.removed.map(described),
    changed: diff.changed.map((c) => ({ ...described(c.after), changes: c.changes.map((x) => ({ ...x, title: valueTitle(x.name) })) })),
  }
}
