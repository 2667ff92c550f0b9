import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Button, Space } from 'antd'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { actionError, formFields, redirectWithNotice } from '../utils/http.server.ts'
import { createUser } from '../services/users.server.ts'
import { manageableDepartments } from '../services/users-query.server.ts'
import { CERTIFICATE_NO, DISPLAY_NAME, LOGIN_NAME, PASSWORD, PHONE } from '../services/users.schema.ts'
import { roles } from '../reference/roles.ts'
import { certificateKinds } from '../reference/certificates.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { DateField, SelectField, TextField } from '../components/form-fields.tsx'
import { ButtonLink } from '../components/button-link.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '新建账号 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requirePermission(request, 'create', 'User')
  const departments = await manageableDepartments(db, ability)
  const isRegion = departments.some((d) => d.kind === 'region')
  return {
    departments: departments.map((d) => ({ value: d.id, label: d.name })),
    roles: roles.filter((r) => !r.group && (isRegion || !r.regionOnly)).map((r) => ({ value: r.key, label: r.title })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, ability } = await requirePermission(request, 'create', 'User')
  try {
    const user = await createUser({ db, clock, actor, ability }, await formFields(request))
    return redirectWithNotice(request, `/admin/users/${user.id}`, `已创建账号 ${user.displayName}`)
  } catch (error) {
    return actionError(error)
  }
}

export default function NewUserPage() {
  const { departments, roles: roleOptions } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const errors = result?.fieldErrors
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <h1 className="zf-page-title">新建账号</h1>
      <Form method="post" className="zf-section" noValidate>
        <CsrfInput />
        {result?.formError ? <Alert type="error" showIcon message={result.formError} style={{ marginBottom: 16 }} /> : null}
        {errors?._form ? <Alert type="error" showIcon message={errors._form.join('；')} style={{ marginBottom: 16 }} /> : null}
        <div className="zf-form-grid">
          <TextField label="登录名" name="loginName" errors={errors} required maxLength={LOGIN_NAME.max} pattern={LOGIN_NAME.pattern} autoComplete="off" help="字母、数字、下划线、点或连字符" />
          <TextField label="姓名" name="displayName" errors={errors} required maxLength={DISPLAY_NAME.max} />
          <TextField label="初始密码" name="password" type="password" errors={errors} required maxLength={PASSWORD.max} autoComplete="new-password" help={`至少 ${PASSWORD.min} 位，须包含字母和数字`} />
          <TextField label="手机号码" name="phone" type="tel" errors={errors} maxLength={11} pattern={PHONE.pattern} />
          <SelectField label="所在部门" name="departmentId" errors={errors} required options={departments} defaultValue={departments.length === 1 ? departments[0]!.value : undefined} />
          <SelectField label="角色" name="roles" errors={errors} options={roleOptions} multiple help="监管执法人员、执法监督人员须持有有效证件（第六条）" />
          <SelectField label="证件类型" name="certificateKind" errors={errors} allowClear options={certificateKinds.map((c) => ({ value: c.key, label: c.title }))} />
          <TextField label="证件编号" name="certificateNo" errors={errors} maxLength={CERTIFICATE_NO.max} />
          <DateField label="证件有效期至" name="certificateExpiresAt" errors={errors} />
        </div>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>创建账号</Button>
          <ButtonLink to="/admin/users">取消</ButtonLink>
        </Space>
      </Form>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
