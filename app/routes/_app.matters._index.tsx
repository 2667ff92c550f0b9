import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { Button, Empty, Input, Table, Tabs, Tag } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { requireActor } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { listMatters } from '../services/workflow/inbox.server.ts'
import { matterKind, matterKinds } from '../reference/matters.ts'
import { opensKind } from '../services/permissions.server.ts'
import { ButtonLink } from '../components/button-link.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '执法事项 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, ability } = await requireActor(request)
  const p = new URL(request.url).searchParams
  const scope = p.get('scope') === 'all' ? 'all' : 'mine'
  const result = await listMatters(db, ability, actor, {
    mine: scope === 'mine',
    q: p.get('q')?.trim().slice(0, 50) || undefined,
    kind: p.get('kind') || undefined,
    status: p.get('status') || undefined,
  })
  const canOpen = matterKinds.some((k) => opensKind(ability, actor, k.key))
  return { scope, ...result, canOpen }
}

const statusTags: Record<string, React.ReactNode> = {
  open: <Tag color="processing">办理中</Tag>,
  closed: <Tag color="success">已办结</Tag>,
  cancelled: <Tag>已撤销</Tag>,
}

export default function MattersPage() {
  const { scope, rows, total, canOpen } = useLoaderData<typeof loader>()
  const [params, setParams] = useSearchParams()
  return (
    <>
      <h1 className="zf-page-title">执法事项</h1>
      <Tabs activeKey={scope} onChange={(k) => setParams(k === 'all' ? { scope: 'all' } : {})} items={[
        { key: 'mine', label: '我的案件' },
        { key: 'all', label: '全部可见事项' },
      ]} />
      <Form method="get" className="zf-toolbar">
        {scope === 'all' ? <input type="hidden" name="scope" value="all" /> : null}
        <Input name="q" defaultValue={params.get('q') ?? ''} placeholder="名称、编号或当事人" style={{ maxWidth: 240 }} allowClear />
        <select name="kind" defaultValue={params.get('kind') ?? ''} className="zf-native-select" aria-label="事项类型">
          <option value="">全部类型</option>
          {matterKinds.map((k) => <option key={k.key} value={k.key}>{k.title}</option>)}
        </select>
        <select name="status" defaultValue={params.get('status') ?? ''} className="zf-native-select" aria-label="状态">
          <option value="">全部状态</option>
          <option value="open">办理中</option>
          <option value="closed">已办结</option>
        </select>
        <Button htmlType="submit">查询</Button>
        <span className="zf-grow" />
        {canOpen ? <ButtonLink to="/matters/new" type="primary" icon={<PlusOutlined />}>新建事项</ButtonLink> : null}
      </Form>
      <p style={{ color: 'rgba(0,0,0,0.45)' }} data-testid="matter-count">共 {total} 件</p>
      {rows.length === 0 ? <Empty description="暂无事项" /> : (
        <Table
          rowKey="id" dataSource={rows} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 760 }} data-testid="matter-table"
          columns={[
            { title: '编号', dataIndex: 'number', render: (n: string, r) => <Link to={`/matters/${r.id}`}>{n}</Link> },
            { title: '名称', dataIndex: 'title' },
            { title: '类型', render: (_, r) => matterKind(r.kind)?.title ?? r.kind },
            { title: '当事人', render: (_, r) => r.partyName ?? '—' },
            { title: '状态', render: (_, r) => statusTags[r.status] ?? r.status },
            { title: '开启', render: (_, r) => `${r.createdByName} · ${r.createdAt.slice(0, 10)}` },
          ]}
        />
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
