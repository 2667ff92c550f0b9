/**
 * 新建流程: a process administrator names a new procedure and picks a
 * shipped definition as its template; the studio opens it with the new key
 * (nothing is stored until it is published with a change note).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Alert, Button, Input, Select } from 'antd'
import { useState } from 'react'
import { z } from 'zod'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { actionError, formFields } from '../utils/http.server.ts'
import { shippedDefinitionKeys } from '../services/workflow/workflow.server.ts'
import { ITEM_KEY } from '../services/catalog/kinds.ts'
import { InvalidInput } from '../services/errors.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '新建流程 · 执法' }]

async function templates() {
  const keys = shippedDefinitionKeys()
  const rows = await db.processDefinition.findMany({ where: { key: { in: keys } }, orderBy: { version: 'desc' }, select: { key: true, name: true } })
  const names = new Map<string, string>()
  for (const row of rows) if (!names.has(row.key)) names.set(row.key, row.name)
  return keys.map((key) => ({ key, name: names.get(key) ?? key }))
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'ProcessDefinition')
  return { templates: await templates() }
}

const schema = z.object({
  key: z.string().trim().regex(ITEM_KEY, '流程键只能用小写字母、数字和连字符，以字母开头（如 penalty-case-special）').max(100),
  name: z.string().trim().min(1, '请填写流程名称').max(100),
  template: z.string().min(1, '请选择模板'),
})

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, 'manage', 'ProcessDefinition')
  const parsed = schema.safeParse(await formFields(request))
  if (!parsed.success) return actionError(new InvalidInput(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), [i.message]]))))
  const { key, name, template } = parsed.data
  if (!shippedDefinitionKeys().includes(template)) return actionError(new InvalidInput({ template: ['模板不存在'] }))
  if ((await db.processDefinition.count({ where: { key } })) > 0) return actionError(new InvalidInput({ key: [`流程「${key}」已存在，请在其版本页编辑`] }))
  return redirect(`/admin/definitions/${key}/edit?${new URLSearchParams({ template, name })}`)
}

export default function NewDefinitionPage() {
  const { templates: list } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const errors = result && 'fieldErrors' in result ? Object.values(result.fieldErrors as Record<string, string[]>).flat() : []
  const [template, setTemplate] = useState(list[0]?.key ?? '')
  return (
    <>
      <h1 className="zf-page-title">新建流程</h1>
      <Form method="post" className="zf-section">
        <CsrfInput />
        <p><label>流程键（英文，发布后不可改）<Input name="key" placeholder="如 penalty-case-special" /></label></p>
        <p><label>流程名称<Input name="name" placeholder="如 行政处罚（专项）" /></label></p>
        <div style={{ marginBottom: 16 }}>
          <label>模板（随系统发布的流程）
            <Select style={{ display: 'block' }} value={template} onChange={setTemplate} options={list.map((t) => ({ value: t.key, label: `${t.name}（${t.key}）` }))} />
          </label>
          <input type="hidden" name="template" value={template} />
        </div>
        {errors.length ? <Alert type="error" showIcon message={errors.join('；')} style={{ marginBottom: 12 }} /> : null}
        <Button type="primary" htmlType="submit">在建模器中打开</Button>
      </Form>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
