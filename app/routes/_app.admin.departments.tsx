import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Button, Tag, Tree } from 'antd'
import type { DataNode } from 'antd/es/tree'
import { z } from '../utils/zod-zh.ts'
import { accessibleWhere } from '../services/permissions.server.ts'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { actionError, formFields, redirectWithNotice } from '../utils/http.server.ts'
import { DEPARTMENT_SETTINGS, ownSettings, setDepartmentSetting } from '../services/department-settings.server.ts'
import { InvalidInput, NotFound } from '../services/errors.ts'
import { departmentKindTitle } from '../reference/departments.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { SelectField, TextField } from '../components/form-fields.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '部门 · 执法' }]

const STATEMENT = DEPARTMENT_SETTINGS['statement-period-days']
const TRANSCRIPTS = DEPARTMENT_SETTINGS['transcript-numbering']
/** The 笔录编号 choice as posted: on, off, or inherit to follow the parent (or the default, off). */
const TRANSCRIPT_CHOICES = [
  { value: 'inherit', label: '沿用上级机关（均未设置则不编号）' },
  { value: '0', label: '不编号（全国统一式样）' },
  { value: '1', label: '编号' },
]
/** Departments that hold settings: the 机关 (region, prefecture, county), not their internal units. */
const ORGAN_KINDS = ['region', 'prefecture', 'county']

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requirePermission(request, 'read', 'Department')
  const departments = await db.department.findMany({
    where: accessibleWhere(ability, 'read', 'Department'),
    orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
    select: { id: true, name: true, kind: true, parentId: true, docPrefix: true, _count: { select: { users: true } } },
  })
  const editable = ability.can('update', 'Department')
    ? await db.department.findMany({ where: { AND: [accessibleWhere(ability, 'update', 'Department'), { kind: { in: ORGAN_KINDS } }] }, orderBy: { path: 'asc' }, select: { id: true, name: true } })
    : []
  const settings = await ownSettings(db, departments.map((d) => d.id))
  return {
    departments: departments.map((d) => ({
      ...d, statementDays: settings[d.id]?.['statement-period-days'] ?? null, transcriptNumbering: settings[d.id]?.['transcript-numbering'] ?? null,
    })),
    editable: editable.map((d) => ({ value: d.id, label: d.name })),
    statement: { title: STATEMENT.title, default: STATEMENT.default, min: STATEMENT.min, max: STATEMENT.max, basis: STATEMENT.basis },
    transcripts: { title: TRANSCRIPTS.title, basis: TRANSCRIPTS.basis },
  }
}

// Empty value: clear the department's own value (it then follows its parent, or the default).
const statementSchema = z.object({
  intent: z.literal('set-statement-period'),
  departmentId: z.string().min(1, '请选择部门'),
  value: z.string().trim().regex(/^\d*$/, `请填写 ${STATEMENT.min} 至 ${STATEMENT.max} 的整数`),
})
// Its own field names: both forms are on one page, and ids must not repeat.
const transcriptSchema = z.object({
  intent: z.literal('set-transcript-numbering'),
  transcriptDepartmentId: z.string().min(1, '请选择部门'),
  transcriptNumbering: z.enum(['inherit', '0', '1'], { message: '请选择笔录是否编号' }),
}).transform(({ intent, transcriptDepartmentId, transcriptNumbering }) => ({
  intent, departmentId: transcriptDepartmentId, value: transcriptNumbering === 'inherit' ? '' : transcriptNumbering,
}))
type Intent = 'set-statement-period' | 'set-transcript-numbering'

function noticeOf(intent: Intent, departmentName: string, value: string): string {
  if (value === '') return `${departmentName}的${intent === 'set-statement-period' ? STATEMENT.title : TRANSCRIPTS.title}已恢复为沿用上级或默认值`
  if (intent === 'set-statement-period') return `${departmentName}的${STATEMENT.title}已设为 ${value} 个工作日`
  return value === '1' ? `${departmentName}此后制作的笔录将编号` : `${departmentName}此后制作的笔录不编号`
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, ability } = await requirePermission(request, 'update', 'Department')
  const fields = await formFields(request)
  const parsed = fields.intent === 'set-transcript-numbering' ? transcriptSchema.safeParse(fields) : statementSchema.safeParse(fields)
  try {
    if (!parsed.success) throw new InvalidInput(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? '_form'), [i.message]])))
    const { intent, departmentId, value } = parsed.data
    const department = await db.department.findFirst({ where: { AND: [accessibleWhere(ability, 'update', 'Department'), { id: departmentId, kind: { in: ORGAN_KINDS } }] }, select: { id: true, name: true } })
    if (!department) throw new NotFound('未找到该部门，或您无权修改其设置。')
    const key = intent === 'set-statement-period' ? 'statement-period-days' : 'transcript-numbering'
    await setDepartmentSetting({ db, clock }, actor, department.id, key, value === '' ? null : Number(value))
    return redirectWithNotice(request, '/admin/departments', noticeOf(intent, department.name, value))
  } catch (error) {
    return actionError(error)
  }
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['departments'][number]

function toTree(rows: Row[]): DataNode[] {
  const byParent = new Map<string | null, Row[]>()
  for (const r of rows) byParent.set(r.parentId, [...(byParent.get(r.parentId) ?? []), r])
  const ids = new Set(rows.map((r) => r.id))
  const build = (parent: string | null): DataNode[] =>
    (byParent.get(parent) ?? []).map((r) => ({
      key: r.id,
      title: (
        <span>
          {r.name} <Tag>{departmentKindTitle(r.kind)}</Tag>
          {r.docPrefix ? <Tag color="blue">机关代字 {r.docPrefix}</Tag> : null}
          {r.statementDays !== null ? <Tag color="gold" data-testid="statement-period">陈述申辩期限 {r.statementDays} 个工作日</Tag> : null}
          {r.transcriptNumbering !== null ? <Tag color="purple" data-testid="transcript-numbering">{r.transcriptNumbering === 1 ? '笔录编号' : '笔录不编号'}</Tag> : null}
          <span style={{ color: 'rgba(0,0,0,0.45)' }}>{r._count.users} 人</span>
        </span>
      ),
      children: build(r.id),
    }))
  // Roots: departments whose parent is not visible.
  return rows.filter((r) => !r.parentId || !ids.has(r.parentId)).flatMap((r) => build(r.parentId).filter((n) => n.key === r.id))
}

export default function DepartmentsPage() {
  const { departments, editable, statement, transcripts } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const errors = result?.fieldErrors
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <h1 className="zf-page-title">部门</h1>
      <div className="zf-section">
        <Tree treeData={toTree(departments)} defaultExpandAll showLine selectable={false} data-testid="department-tree" />
      </div>
      <div className="zf-section">
        <h2 style={{ marginTop: 0, fontSize: 16 }}>{statement.title}</h2>
        <p style={{ color: 'rgba(0,0,0,0.55)' }}>
          当事人收到行政处罚告知书后进行陈述、申辩的期限（{statement.basis}）。未设置的机关沿用上级机关的设置，均未设置的为 {statement.default} 个工作日。
          修改只影响此后立案的案件。
        </p>
        {result?.formError ? <Alert type="error" showIcon message={result.formError} style={{ marginBottom: 16 }} /> : null}
        {editable.length ? (
          <Form method="post" noValidate data-testid="statement-period-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="set-statement-period" />
            <div className="zf-form-grid">
              <SelectField label="机关" name="departmentId" errors={errors} required options={editable} defaultValue={editable[0]?.value} />
              <TextField label={`期限（个工作日，${statement.min}–${statement.max}；留空则沿用上级）`} name="value" errors={errors} pattern="\d*" />
            </div>
            <Button htmlType="submit" type="primary" loading={busy}>保存</Button>
          </Form>
        ) : null}
      </div>
      <div className="zf-section">
        <h2 style={{ marginTop: 0, fontSize: 16 }}>{transcripts.title}</h2>
        <p style={{ color: 'rgba(0,0,0,0.55)' }}>
          {transcripts.basis}。未设置的机关沿用上级机关的设置，均未设置的不编号。修改只影响此后制作的笔录，已制发的不变。
        </p>
        {editable.length ? (
          <Form method="post" noValidate data-testid="transcript-numbering-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="set-transcript-numbering" />
            <div className="zf-form-grid">
              <SelectField label="机关" name="transcriptDepartmentId" errors={errors} required options={editable} defaultValue={editable[0]?.value} />
              <SelectField label="询问笔录、陈述申辩笔录、听证笔录" name="transcriptNumbering" errors={errors} options={TRANSCRIPT_CHOICES} defaultValue="inherit" />
            </div>
            <Button htmlType="submit" type="primary" loading={busy}>保存</Button>
          </Form>
        ) : null}
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
