import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Button, Input, Select, Space } from 'antd'
import { useState } from 'react'
import { requireActor } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { actionError, formFields, orRespond, redirectWithNotice } from '../utils/http.server.ts'
import { missingChoices, openMatter } from '../services/matters/matters.server.ts'
import { openMatterOptions } from '../services/matters/open-options.server.ts'
import { handOverKinds, handOverSource } from '../services/matters/hand-over.server.ts'
import { workflow } from '../services/workflow/runtime.server.ts'
import { catalogNumbering } from '../services/catalog/runtime.server.ts'
import { z } from '../utils/zod-zh.ts'
import { InvalidInput } from '../services/errors.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { Field, SelectField, TextField } from '../components/form-fields.tsx'
import { ButtonLink } from '../components/button-link.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '新建事项 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, ability } = await requireActor(request)
  const options = await openMatterOptions(db, clock, actor, ability)
  if (options.kinds.length === 0) throw new Response('您的岗位不能开启执法事项。', { status: 403 })
  const url = new URL(request.url)
  const kind = url.searchParams.get('kind')
  const parentId = url.searchParams.get('parent')
  // 移送立案查处: a case opened from an inspection takes its party and officers.
  const parent = parentId ? await orRespond(handOverSource(db, ability, actor, parentId)) : null
  const kinds = parent ? options.kinds.filter((k) => (handOverKinds as readonly string[]).includes(k.key)) : options.kinds
  return { ...options, kinds, parent, initialKind: kinds.some((k) => k.key === kind) ? kind : null }
}

const schema = z.object({
  kind: z.string({ required_error: '请选择事项类型' }).min(1, '请选择事项类型'),
  variant: z.string().optional(),
  title: z.string({ required_error: '请填写事项名称' }).trim().min(2, '事项名称至少 2 个字符').max(100, '事项名称不能超过 100 个字符'),
  partyId: z.string().optional(),
  officerIds: z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()).max(10, '执法人员过多')),
  year: z.string().regex(/^\d{4}$/, '请填写四位年份').optional().or(z.literal('')),
  targetDocumentId: z.string().optional(),
  reason: z.string().trim().max(500, '理由不能超过 500 个字符').optional(),
  parentId: z.string().optional(),
})

export async function action({ request }: ActionFunctionArgs) {
  const { actor, ability } = await requireActor(request)
  const fields = await formFields(request)
  const parsed = schema.safeParse(fields)
  if (!parsed.success) {
    // Every empty required choice is marked with the invalid fields, not only the name.
    const officerIds = fields.officerIds === undefined || fields.officerIds === '' ? [] : [fields.officerIds].flat()
    const text = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined)
    const fieldErrors: Record<string, string[]> = missingChoices({ kind: text(fields.kind), variant: text(fields.variant), partyId: text(fields.partyId), officerIds })
    for (const issue of parsed.error.issues) {
      const list = (fieldErrors[issue.path.join('.')] ??= [])
      if (!list.includes(issue.message)) list.push(issue.message)
    }
    return actionError(new InvalidInput(fieldErrors))
  }
  const input = parsed.data
  const isRequest = input.kind.endsWith('-request')
  if (isRequest && !input.targetDocumentId) return actionError(new InvalidInput({ targetDocumentId: ['请选择所涉及的执法文书'] }))
  if (isRequest && !input.reason) return actionError(new InvalidInput({ reason: ['请填写申请理由'] }))
  try {
    const parent = input.parentId ? await handOverSource(db, ability, actor, input.parentId) : null
    if (parent && !(handOverKinds as readonly string[]).includes(input.kind)) throw new InvalidInput({ kind: ['监督检查只能移送行政处罚或行政强制案件'] })
    const { matter } = await openMatter({ db, clock, workflow: workflow(), numbering: catalogNumbering() }, actor, {
      kind: input.kind, variant: input.variant || null, title: input.title, partyId: input.partyId || null, officerIds: input.officerIds,
      parentId: parent?.id ?? null,
      data: {
        ...(input.year ? { year: Number(input.year) } : {}),
        ...(isRequest ? { targetDocumentId: input.targetDocumentId, reason: input.reason } : {}),
      },
    })
    return redirectWithNotice(request, `/matters/${matter.id}`, `已开启 ${matter.number}`)
  } catch (error) {
    return actionError(error)
  }
}

export default function NewMatterPage() {
  const { kinds, parties, officers, documents, colleagueDocuments, initialKind, parent } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const errors = result?.fieldErrors
  const busy = useNavigation().state === 'submitting'
  const [kindKey, setKindKey] = useState<string | null>(initialKind)
  const kind = kinds.find((k) => k.key === kindKey)
  const isRequest = !!kind?.key.endsWith('-request')
  return (
    <>
      <h1 className="zf-page-title">新建事项</h1>
      <Form method="post" className="zf-section" noValidate>
        <CsrfInput />
        {parent ? (
          <>
            <Alert type="info" showIcon data-testid="hand-over-source" style={{ marginBottom: 16 }} message={`移送立案查处：来源于监督检查「${parent.title}」（${parent.number}）`} />
            <input type="hidden" name="parentId" value={parent.id} />
          </>
        ) : null}
        {result?.formError ? <Alert type="error" showIcon message={result.formError} style={{ marginBottom: 16 }} /> : null}
        <div className="zf-form-grid">
          <Field label="事项类型" name="kind" errors={errors} required>
            <Select id="kind" value={kindKey ?? undefined} onChange={setKindKey} placeholder="请选择" style={{ width: '100%' }}
              options={kinds.map((k) => ({ value: k.key, label: k.title }))} data-testid="select-kind" />
            <input type="hidden" name="kind" value={kindKey ?? ''} />
          </Field>
          {kind && kind.variants.length > 0 ? (
            <SelectField key={`variant-${kind.key}`} label="程序类型" name="variant" errors={errors} required options={kind.variants.map((v) => ({ value: v.key, label: v.title }))} />
          ) : null}
          <TextField label="事项名称" name="title" errors={errors} required maxLength={100} placeholder="如：对某公司的现场检查" />
          {kind?.hasParty ? (
            <>
              <SelectField label="管理相对人（生产经营单位）" name="partyId" errors={errors} required options={parties} defaultValue={parent?.partyId ?? undefined} />
              <SelectField label="其他执法人员" name="officerIds" errors={errors} required multiple options={officers} help="执法人员不得少于两人（含本人），均须持有效执法证件"
                defaultValue={parent?.officerIds.filter((id) => officers.some((o) => o.value === id))} />
            </>
          ) : null}
          {kind && ['annual-plan', 'inspection-scheme', 'temporary-plan'].includes(kind.key) ? (
            <TextField label="年度" name="year" errors={errors} maxLength={4} pattern="^\d{4}$" />
          ) : null}
          {isRequest ? (
            <>
              <SelectField key={`target-${kind?.key}`} label="所涉及的执法文书" name="targetDocumentId" errors={errors} required
                options={kind?.key === 'access-request' ? colleagueDocuments : documents}
                help={kind?.key === 'access-request' ? '申请查阅本部门其他人员制作的执法文书（第七条）' : '只能就本人制作的执法文书提出申请（第七条）'} />
              <Field label="申请理由" name="reason" errors={errors} required>
                <Input.TextArea id="reason" name="reason" rows={3} maxLength={500} showCount />
              </Field>
            </>
          ) : null}
        </div>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} disabled={!kind}>开启事项</Button>
          <ButtonLink to="/matters">取消</ButtonLink>
        </Space>
      </Form>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
