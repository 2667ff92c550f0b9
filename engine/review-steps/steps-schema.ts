/**
 * The review steps of a procedure as a legal office writes them: for each
 * review section (审核环节: the steps between a draft or an investigation and
 * what follows its approval) an ordered list of steps, each saying who acts,
 * how many of them, when the step applies, its deadline, where 退回 goes and
 * whether an opinion is required. This list is the source of truth of that
 * part of the procedure (docs/decisions/034); generate.ts turns it into BPMN.
 * Checked with zod; every message is Chinese and names the step.
 */
import { z } from 'zod'

/** Element ids and variable names the generator writes: plain identifiers. */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,59}$/
const identifier = (what: string) => z.string({ required_error: `缺少${what}` }).regex(IDENTIFIER, `${what}须以字母开头，只含字母、数字、下划线（不超过 60 个字符）`)

export const OPERATORS = ['=', '!=', '>=', '>', '<=', '<', 'contains'] as const
export type Operator = (typeof OPERATORS)[number]

export const operatorTitles: Record<Operator, string> = {
  '=': '等于', '!=': '不等于', '>=': '大于或等于', '>': '大于', '<=': '小于或等于', '<': '小于', contains: '包含',
}

/** One comparison: a form field (dotted path under the step's result variable, e.g. `legalReview.proposedFine`), an operator, a value. */
export const clauseSchema = z.object({
  field: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/, '条件的字段须为表单字段路径，如 legalReview.proposedFine'),
  operator: z.enum(OPERATORS, { errorMap: () => ({ message: `条件的比较方式须为 ${OPERATORS.join(' ')} 之一` }) }),
  value: z.union([z.string().max(200, '条件的值不超过 200 个字符'), z.number().finite(), z.boolean(), z.null()]),
})
export type Clause = z.infer<typeof clauseSchema>

export const whenSchema = z.discriminatedUnion('kind', [
  /** 始终办理. */
  z.object({ kind: z.literal('always') }),
  /** 满足条件时办理: all (并且) or any (或者) of the clauses. */
  z.object({ kind: z.literal('if'), match: z.enum(['all', 'any']), clauses: z.array(clauseSchema).min(1, '条件至少一项').max(10, '条件最多 10 项') }),
  /** 否则：前一步的条件不满足时办理（两步二选一，如报分管负责同志或提请案审会）. */
  z.object({ kind: z.literal('otherwise') }),
  /** A FEEL condition read from a shipped definition that has no field-operator-value form; shown, kept as written. */
  z.object({ kind: z.literal('feel'), feel: z.string().min(1).max(1000) }),
], { errorMap: () => ({ message: '适用条件须为 always、if、otherwise 或 feel' }) })
export type When = z.infer<typeof whenSchema>

export const countSchema = z.discriminatedUnion('kind', [
  /** 一人办理. */
  z.object({ kind: z.literal('one') }),
  /** 或签 (any one of `people`), 会签 (all of them). */
  z.object({ kind: z.enum(['any', 'all']), people: z.number().int().min(2, '多人办理至少 2 人').max(50, '多人办理最多 50 人') }),
  /** 按比例: `>1/2` 过半数, `2/3`, `60%`. */
  z.object({
    kind: z.literal('share'), people: z.number().int().min(2, '多人办理至少 2 人').max(50, '多人办理最多 50 人'),
    share: z.string().regex(/^(>\s*)?\d+\s*\/\s*\d+$|^\d+(\.\d+)?%$/, '比例须写作 >1/2（过半数）、2/3 或 60%'),
  }),
], { errorMap: () => ({ message: '办理人数须为 one、any（或签）、all（会签）或 share（按比例）' }) })
export type Count = z.infer<typeof countSchema>

/**
 * What happens when the deadline passes: `remind-then-report` (the shipped
 * rule, no zf:overdue: the people who must act at once, the heads one day
 * later), `remind` (only the people who must act), `report` (them and the
 * heads at once).
 */
export const OVERDUE_CHOICES = ['remind-then-report', 'remind', 'report'] as const
const overdueSchema = z.enum(OVERDUE_CHOICES, { errorMap: () => ({ message: '逾期后的处理须为 remind-then-report、remind 或 report' }) })
export type OverdueChoice = z.infer<typeof overdueSchema>

export const deadlineSchema = z.union([
  z.object({ workingDays: z.number().int().min(1, '期限至少 1 个工作日').max(366, '期限不超过 366 个工作日'), overdue: overdueSchema }),
  /** A deadline computed from the case's data (kept from a shipped definition, e.g. the day before the planned inspection). */
  z.object({ expression: z.string().min(1).max(1000), overdue: overdueSchema }),
])
export type Deadline = z.infer<typeof deadlineSchema>

export const stepSchema = z.object({
  /** The step's element id: kept across edits so that running cases and documents still find their step. */
  id: identifier('步骤编号'),
  name: z.string().trim().min(2, '步骤名称至少 2 个字').max(40, '步骤名称不超过 40 个字'),
  /** Who: a role key, in the department the scope names. */
  role: z.string().min(1, '请选择办理角色'),
  /**
   * Whose department: a zf:scope key — the case's (case-department, organ, its legal-office,
   * case-committee), the level above (level-above: the organ above the case's, at the unit where
   * the role sits there), or a named one of the region. The keys are the app's scope resolver's;
   * the deploy check refuses one it does not know.
   */
  scope: z.string().min(1, '请选择办理部门'),
  /** The form the step fills; null: the approval form (审批意见). */
  form: z.string().min(1).nullable(),
  count: countSchema,
  when: whenSchema,
  deadline: deadlineSchema.nullable(),
  /** Outcomes offered, first the passing one (approve); `return` is always offered. */
  outcomes: z.array(z.string().regex(/^[a-z][a-z-]*$/, '办理结果须为小写英文键')).min(2, '至少有「同意」和「退回」两个办理结果').max(6),
  /** 退回 goes to the drafter (the section's start) or to an earlier step of the section (its id). */
  returnTo: z.string().min(1),
  /** Outcomes (other than approve/return) leading out of the section, e.g. reject → the refusal's end. */
  routes: z.record(z.string(), z.string()).default({}),
  opinionRequired: z.boolean(),
  /** Kept from the definition: the statutory gate the step passes (case-review, plan-approval). */
  gate: z.string().nullable().default(null),
  /** Variable names of the outcome and of the form's data: kept, because later conditions and due dates read them. */
  outcomeVariable: identifier('办理结果变量'),
  resultVariable: identifier('表单数据变量'),
  /** zf:issue (the approval issues the drafted document) and zf:assignee, kept as they were. */
  issue: z.string().nullable().default(null),
  assignee: z.string().nullable().default(null),
})
export type ReviewStep = z.infer<typeof stepSchema>

export const sectionSchema = z.object({
  /** The section's key: the id of the flow that enters it (kept in the definition). */
  id: identifier('审核环节编号'),
  title: z.string().min(1).max(80),
  /** Where 退回 to the drafter goes (the redrafting gateway or step). */
  drafter: z.string().min(1),
  /** Where the section leads once every step has passed. */
  exit: z.string().min(1),
  steps: z.array(stepSchema).min(1, '审核环节至少有一个步骤').max(20, '审核环节最多 20 个步骤'),
})
export type ReviewSection = z.infer<typeof sectionSchema>

export const reviewStepsSchema = z.object({
  procedure: z.string().regex(/^[a-z][a-z0-9-]*$/, '程序键须为小写字母、数字和连字符'),
  sections: z.array(sectionSchema).min(1, '至少一个审核环节'),
})
export type ReviewSteps = z.infer<typeof reviewStepsSchema>

/** A Chinese path for a zod issue: 第2个审核环节第3步「法制审核」的期限. */
function where(config: unknown, path: Array<string | number>): string {
  const parts: string[] = []
  const sections = (config as { sections?: Array<{ title?: unknown; steps?: Array<{ name?: unknown }> }> } | null)?.sections
  if (path[0] === 'sections' && typeof path[1] === 'number') {
    const section = sections?.[path[1]]
    parts.push(`第${path[1] + 1}个审核环节${typeof section?.title === 'string' ? `「${section.title}」` : ''}`)
    if (path[2] === 'steps' && typeof path[3] === 'number') {
      const name = section?.steps?.[path[3]]?.name
      parts.push(`第${path[3] + 1}步${typeof name === 'string' ? `「${name}」` : ''}`)
      if (path.length > 4) parts.push(`的 ${path.slice(4).join('.')}`)
    } else if (path.length > 2) parts.push(`的 ${path.slice(2).join('.')}`)
  } else if (path.length) parts.push(path.join('.'))
  return parts.join('')
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] }

/** Parses a configuration (e.g. JSON from a file or a form): the value, or the problems in Chinese. */
export function parseReviewSteps(input: unknown): Parsed<ReviewSteps> {
  const result = reviewStepsSchema.safeParse(input)
  if (result.success) return { ok: true, value: result.data }
  return { ok: false, problems: result.error.issues.map((i) => `${where(input, i.path)}${i.path.length ? '：' : ''}${i.message}`) }
}
