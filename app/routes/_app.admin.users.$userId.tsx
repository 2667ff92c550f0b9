import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { subject } from '@casl/ability'
import { Alert, Button, Descriptions, Input, List, Popconfirm, Space, Tag } from 'antd'
import { z } from '../utils/zod-zh.ts'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { actionError, formFields, orRespond, redirectWithNotice } from '../utils/http.server.ts'
import { decideRoleGrant, pendingGrantsFor } from '../services/role-grants.server.ts'
import { assignRole, findVisibleUser, reactivateUser, removeRole, stopUser, updateCertificate } from '../services/users.server.ts'
import { CERTIFICATE_NO } from '../services/users.schema.ts'
import { roles, roleTitle } from '../reference/roles.ts'
import { certificateKinds, certificateTitle } from '../reference/certificates.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { DateField, SelectField, TextField } from '../components/form-fields.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.displayName ?? '账号'} · 执法` }]

function shanghaiDate(d: Date | null): string {
  return d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10) : ''
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, ability } = await requirePermission(request, 'read', 'User')
  const found = await orRespond(findVisibleUser({ db, clock, actor, ability }, params.userId!))
  const [user, organDepartments] = await Promise.all([
    db.user.findUniqueOrThrow({
      where: { id: found.id },
      select: {
        id: true, loginName: true, displayName: true, status: true, phone: true, stoppedAt: true, createdAt: true,
        certificateKind: true, certificateNo: true, certificateExpiresAt: true, organId: true,
        department: { select: { name: true } },
        roles: { select: { id: true, role: true, department: { select: { name: true } } }, orderBy: { createdAt: 'asc' } },
      },
    }),
    db.department.findMany({ where: { organId: found.organId }, orderBy: { path: 'asc' }, select: { id: true, name: true, kind: true } }),
  ])
  const manageable = ability.can('update', subject('User', found))
  const pendingGrants = await pendingGrantsFor({ db, clock, actor, ability }, found.id)
  const isRegion = organDepartments.some((d) => d.kind === 'region')
  return {
    user: { ...user, certificateExpiresOn: shanghaiDate(user.certificateExpiresAt) },
    canUpdate: manageable,
    /** Nobody assigns roles to themselves (separation of duties). */
    isSelf: found.id === actor.id,
    pendingGrants,
    canStop: ability.can('stop', subject('User', found)) && found.id !== actor.id,
    departments: organDepartments.map((d) => ({ value: d.id, label: d.name })),
    roleOptions: roles.filter((r) => !r.group && (isRegion || !r.regionOnly)).map((r) => ({ value: r.key, label: r.title })),
  }
}

const intentSchema = z.enum(['assign-role', 'remove-role', 'update-certificate', 'stop', 'reactivate', 'approve-grant', 'refuse-grant'])

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, ability } = await requirePermission(request, 'update', 'User')
  const ctx = { db, clock, actor, ability }
  const fields = await formFields(request)
  const intent = intentSchema.safeParse(fields.intent)
  if (!intent.success) throw new Response('未知操作', { status: 400 })
  const userId = params.userId!
  try {
    switch (intent.data) {
      case 'assign-role': {
        const done = await assignRole(ctx, userId, fields)
        return redirectWithNotice(request, `/admin/users/${userId}`, done.pending ? '已提交，须由另一名管理员确认后生效' : '已分配角色')
      }
      case 'approve-grant':
      case 'refuse-grant': {
        const approve = intent.data === 'approve-grant'
        await decideRoleGrant(ctx, String(fields.requestId ?? ''), approve)
        return redirectWithNotice(request, `/admin/users/${userId}`, approve ? '已确认，角色已生效' : '已拒绝该角色分配')
      }
      case 'remove-role':
        await removeRole(ctx, userId, String(fields.assignmentId ?? ''))
        return redirectWithNotice(request, `/admin/users/${userId}`, '已移除角色')
      case 'update-certificate':
        await updateCertificate(ctx, userId, fields)
        return redirectWithNotice(request, `/admin/users/${userId}`, '已更新证件信息')
      case 'stop':
        await stopUser(ctx, userId, String(fields.reason ?? ''))
        return redirectWithNotice(request, `/admin/users/${userId}`, '账号已停用，其登录会话已全部结束')
      case 'reactivate':
        await reactivateUser(ctx, userId)
        return redirectWithNotice(request, `/admin/users/${userId}`, '账号已启用')
    }
  } catch (error) {
    return actionError(error)
  }
}

export default function UserPage() {
  const { user, canUpdate, canStop, departments, roleOptions, isSelf, pendingGrants } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const errors = result?.fieldErrors
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <h1 className="zf-page-title">
        {user.displayName} {user.status === 'active' ? <Tag color="green">在用</Tag> : <Tag color="red" data-testid="status-stopped">已停用</Tag>}
      </h1>
      {result?.formError ? <Alert type="error" showIcon message={result.formError} description={errors?._form?.join('；')} style={{ marginBottom: 16 }} /> : null}
      <div className="zf-section">
        <Descriptions column={{ xs: 1, md: 2 }} items={[
          { key: 'login', label: '登录名', children: user.loginName },
          { key: 'dept', label: '所在部门', children: user.department.name },
          { key: 'phone', label: '手机号码', children: user.phone ?? '—' },
          { key: 'cert', label: '证件', children: user.certificateKind ? `${certificateTitle(user.certificateKind)} ${user.certificateNo}（有效期至 ${user.certificateExpiresOn}）` : '无' },
        ]} />
      </div>

      <div className="zf-section">
        <h2 style={{ marginTop: 0, fontSize: 16 }}>角色</h2>
        <List
          dataSource={user.roles} locale={{ emptyText: '尚未分配角色' }} data-testid="role-list"
          renderItem={(r) => (
            <List.Item actions={canUpdate ? [
              <Form method="post" key="remove">
                <CsrfInput />
                <input type="hidden" name="intent" value="remove-role" />
                <input type="hidden" name="assignmentId" value={r.id} />
                <Button htmlType="submit" size="small" danger>移除</Button>
              </Form>,
            ] : []}>
              {roleTitle(r.role)} · {r.department.name}
            </List.Item>
          )}
        />
        {pendingGrants.length ? (
          <List size="small" style={{ marginTop: 12 }} header="待另一名管理员确认的角色" dataSource={pendingGrants} data-testid="pending-grants"
            renderItem={(g) => (
              <List.Item actions={g.mayConfirm ? [
                <Form method="post" key="approve"><CsrfInput /><input type="hidden" name="intent" value="approve-grant" /><input type="hidden" name="requestId" value={g.id} />
                  <Button htmlType="submit" size="small" type="primary" data-testid="approve-grant">确认</Button></Form>,
                <Form method="post" key="refuse"><CsrfInput /><input type="hidden" name="intent" value="refuse-grant" /><input type="hidden" name="requestId" value={g.id} />
                  <Button htmlType="submit" size="small" danger>拒绝</Button></Form>,
              ] : [<Tag key="wait">待其他管理员确认</Tag>]}>
                {g.roleTitle} · {g.departmentName}（{g.requestedByName} 提出）
              </List.Item>
            )} />
        ) : null}
        {canUpdate && isSelf ? <Alert type="info" showIcon style={{ marginTop: 16 }} data-testid="no-self-grant" message="不能为自己分配角色，须由另一名管理员分配（职责分离）。" /> : null}
        {canUpdate && !isSelf ? (
          <Form method="post" style={{ marginTop: 16 }} noValidate>
            <CsrfInput />
            <input type="hidden" name="intent" value="assign-role" />
            <div className="zf-form-grid">
              <SelectField label="角色" name="role" errors={errors} required options={roleOptions} />
              <SelectField label="部门" name="departmentId" errors={errors} required options={departments} defaultValue={departments[0]?.value} />
            </div>
            <Button htmlType="submit" type="primary" loading={busy}>分配角色</Button>
          </Form>
        ) : null}
      </div>

      {canUpdate ? (
        <div className="zf-section">
          <h2 style={{ marginTop: 0, fontSize: 16 }}>证件</h2>
          <Form method="post" noValidate>
            <CsrfInput />
            <input type="hidden" name="intent" value="update-certificate" />
            <div className="zf-form-grid">
              <SelectField label="证件类型" name="certificateKind" errors={errors} allowClear defaultValue={user.certificateKind ?? undefined} options={certificateKinds.map((c) => ({ value: c.key, label: c.title }))} />
              <TextField label="证件编号" name="certificateNo" errors={errors} maxLength={CERTIFICATE_NO.max} defaultValue={user.certificateNo ?? ''} />
              <DateField label="证件有效期至" name="certificateExpiresAt" errors={errors} defaultValue={user.certificateExpiresOn} />
            </div>
            <Button htmlType="submit">保存证件信息</Button>
          </Form>
        </div>
      ) : null}

      {canStop ? (
        <div className="zf-section">
          <h2 style={{ marginTop: 0, fontSize: 16 }}>账号状态</h2>
          {user.status === 'active' ? (
            <Form method="post" noValidate id="stop-form">
              <CsrfInput />
              <input type="hidden" name="intent" value="stop" />
              <p style={{ color: 'rgba(0,0,0,0.55)' }}>调离、退休人员的账号应及时停用（第六条）。停用后该账号的所有登录会话立即结束。</p>
              <Space.Compact style={{ width: '100%', maxWidth: 520 }}>
                <Input name="reason" placeholder="停用原因，如：调离、退休" maxLength={200} status={errors?.reason ? 'error' : undefined} aria-label="停用原因" />
                <Popconfirm title="确定停用该账号？" okText="停用" cancelText="取消" onConfirm={() => (document.getElementById('stop-form') as HTMLFormElement | null)?.requestSubmit()}>
                  <Button danger>停用账号</Button>
                </Popconfirm>
              </Space.Compact>
              {errors?.reason ? <div className="zf-field-error" role="alert">{errors.reason.join('；')}</div> : null}
              <noscript><Button danger htmlType="submit" style={{ marginTop: 8 }}>停用账号</Button></noscript>
            </Form>
          ) : (
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="reactivate" />
              <Button htmlType="submit">重新启用</Button>
            </Form>
          )}
        </div>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
