import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { Button, Input, Pagination, Select, Space, Table, Tag } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { listUsers, manageableDepartments, PAGE_SIZE } from '../services/users-query.server.ts'
import { roleTitle } from '../reference/roles.ts'
import { certificateTitle } from '../reference/certificates.ts'
import { ButtonLink } from '../components/button-link.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '账号管理 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requirePermission(request, 'read', 'User')
  const params = new URL(request.url).searchParams
  const filter = {
    q: params.get('q')?.trim().slice(0, 50) || undefined,
    status: params.get('status') || undefined,
    departmentId: params.get('department') || undefined,
    page: Number(params.get('page')) || 1,
  }
  const [list, departments] = await Promise.all([listUsers(db, ability, filter), manageableDepartments(db, ability)])
  return {
    ...list,
    pageSize: PAGE_SIZE,
    departments: departments.map((d) => ({ value: d.id, label: d.name })),
    canCreate: ability.can('create', 'User'),
  }
}

export default function UsersPage() {
  const { rows, total, page, pageSize, departments, canCreate } = useLoaderData<typeof loader>()
  const [params, setParams] = useSearchParams()
  return (
    <>
      <h1 className="zf-page-title">账号管理</h1>
      <Form method="get" className="zf-toolbar">
        <Input name="q" defaultValue={params.get('q') ?? ''} placeholder="登录名、姓名或证件编号" style={{ maxWidth: 240 }} allowClear />
        <select name="status" defaultValue={params.get('status') ?? ''} className="zf-native-select" aria-label="状态">
          <option value="">全部状态</option>
          <option value="active">在用</option>
          <option value="stopped">已停用</option>
        </select>
        <Button htmlType="submit">查询</Button>
        <span className="zf-grow" />
        {canCreate ? <ButtonLink to="/admin/users/new" type="primary" icon={<PlusOutlined />}>新建账号</ButtonLink> : null}
      </Form>
      {departments.length > 1 ? (
        <Space style={{ marginBottom: 12 }} wrap>
          <span>部门：</span>
          <Select
            value={params.get('department') ?? ''} style={{ minWidth: 220 }}
            options={[{ value: '', label: '全部' }, ...departments]}
            onChange={(v) => { const next = new URLSearchParams(params); if (v) next.set('department', v); else next.delete('department'); next.delete('page'); setParams(next) }}
          />
        </Space>
      ) : null}
      <Table
        rowKey="id" dataSource={rows} pagination={false} scroll={{ x: 800 }} data-testid="users-table"
        columns={[
          { title: '姓名', dataIndex: 'displayName', render: (name: string, r) => <Link to={`/admin/users/${r.id}`}>{name}</Link> },
          { title: '登录名', dataIndex: 'loginName' },
          { title: '部门', render: (_, r) => r.department.name },
          { title: '角色', render: (_, r) => r.roles.map((x) => <Tag key={`${x.role}-${x.department.name}`}>{roleTitle(x.role)}</Tag>) },
          { title: '证件', render: (_, r) => r.certificateKind ? `${certificateTitle(r.certificateKind)} ${r.certificateNo ?? ''}` : '—' },
          { title: '状态', dataIndex: 'status', render: (s: string) => s === 'active' ? <Tag color="green">在用</Tag> : <Tag color="red">已停用</Tag> },
        ]}
      />
      <div style={{ marginTop: 16, textAlign: 'right' }}>
        <Pagination current={page} total={total} pageSize={pageSize} showTotal={(t) => `共 ${t} 个账号`}
          onChange={(p) => { const next = new URLSearchParams(params); next.set('page', String(p)); setParams(next) }} />
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
