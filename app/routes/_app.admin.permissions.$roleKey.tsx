/**
 * Editing one role's rules: the rules as JSON (each with id, action,
 * subject, optional conditions with placeholders, inverted, grantLevel),
 * checked before saving — a rule no user could satisfy, one letting an
 * officer read another department's documents, or one letting anyone change
 * an issued document is refused with the reason — and a change note; a save
 * is a new audited version that the next request uses (ADR 026).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Button, Input, List, Space, Tag } from 'antd'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { actionError, formFields, orRespond, redirectWithNotice } from '../utils/http.server.ts'
import { roleForEditing, saveRoleRules } from '../services/permissions/role-admin.server.ts'
import { PLACEHOLDERS } from '../services/permissions/rules.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { Field, TextField } from '../components/form-fields.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '修改权限规则 · 执法' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'Permission')
  const { key, role, version, versions } = await orRespond(roleForEditing(db, params.roleKey!))
  return {
    key, name: role.name, version, rules: JSON.stringify(role.rules, null, 2),
    versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requirePermission(request, 'manage', 'Permission')
  const fields = await formFields(request)
  try {
    const expected = Number(fields.version)
    const saved = await saveRoleRules({ db, clock, actor }, params.roleKey!, {
      rules: text(fields.rules), note: text(fields.note), expectedVersion: Number.isInteger(expected) && expected > 0 ? expected : undefined,
    })
    return redirectWithNotice(request, '/admin/permissions', `已保存「${params.roleKey}」的规则（版本 v${saved.version}），下一次请求起生效`)
  } catch (error) {
    return actionError(error)
  }
}

export default function RoleRulesPage() {
  const { key, name, version, rules, versions } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const errors = result && 'fieldErrors' in result ? result.fieldErrors : undefined
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <h1 className="zf-page-title">修改权限规则：{name}</h1>
      <p><Link to="/admin/permissions">返回权限规则</Link></p>
      <section className="zf-section">
        <Form method="post" noValidate data-testid="role-form">
          <CsrfInput />
          <input type="hidden" name="version" value={version} />
          {result && 'formError' in result && result.formError ? <Alert type="error" showIcon message={result.formError} style={{ marginBottom: 16 }} /> : null}
          <Field label={`「${key}」的规则（JSON）`} name="rules" errors={errors} required help="每条规则：id、title、action、subject，可选 conditions（可用下方占位符）、inverted（禁止）、grantLevel（region 或 below-region）">
            <Input.TextArea
              id="rules" name="rules" defaultValue={rules} autoSize={{ minRows: 12, maxRows: 30 }} spellCheck={false}
              style={{ fontFamily: 'monospace', fontSize: 13 }} status={errors?.rules ? 'error' : undefined} data-testid="rules-json"
            />
          </Field>
          {errors?.rules && errors.rules.length > 1 ? (
            <ul data-testid="rule-problems" style={{ color: '#ff4d4f' }}>{errors.rules.map((m) => <li key={m}>{m}</li>)}</ul>
          ) : null}
          <TextField label="修改说明" name="note" errors={errors} required maxLength={200} placeholder="例如：按局务会决定调整" />
          <Button type="primary" htmlType="submit" loading={busy} data-testid="save-rules">检查并保存为新版本</Button>
        </Form>
      </section>
      <section className="zf-section">
        <h2 className="zf-section-title">可用的占位符（代表正在操作的人）</h2>
        <List size="small" dataSource={Object.entries(PLACEHOLDERS)} renderItem={([k, v]) => <List.Item><Space wrap><code>{k}</code><span>{v}</span></Space></List.Item>} />
      </section>
      <section className="zf-section">
        <h2 className="zf-section-title">版本记录</h2>
        <List
          size="small" dataSource={versions} data-testid="role-versions"
          renderItem={(v) => (
            <List.Item>
              <Space wrap>
                <Tag color="blue">v{v.version}</Tag>
                <span>{{ baseline: '随系统发布', admin: '管理员修改', import: '导入' }[v.source] ?? v.source}</span>
                <span>{v.createdByName ?? ''}</span>
                <span>{v.createdAt.slice(0, 10)}</span>
                <span>{v.changeNote ?? ''}</span>
              </Space>
            </List.Item>
          )}
        />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
