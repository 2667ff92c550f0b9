import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData, useSearchParams } from '@remix-run/react'
import { Button, Input, Pagination, Table, Tag } from 'antd'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { AUDIT_PAGE_SIZE, listAuditEntries } from '../services/audit-query.server.ts'
import { actionTitles } from '../reference/audit-actions.ts'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '操作日志 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requirePermission(request, 'read', 'AuditEntry')
  const p = new URL(request.url).searchParams
  const result = await listAuditEntries(db, ability, {
    q: p.get('q')?.trim().slice(0, 50) || undefined,
    action: p.get('action') || undefined,
    outcome: p.get('outcome') || undefined,
    from: p.get('from') || undefined,
    to: p.get('to') || undefined,
    page: Number(p.get('page')) || 1,
  })
  return {
    ...result,
    pageSize: AUDIT_PAGE_SIZE,
    rows: result.rows.map((r) => ({ ...r, at: r.at.toISOString() })),
  }
}

const outcomeTags: Record<string, React.ReactNode> = {
  success: <Tag color="green">成功</Tag>,
  failure: <Tag color="orange">失败</Tag>,
  denied: <Tag color="red">拒绝</Tag>,
}

function shanghaiTime(iso: string) {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19)
}

export default function AuditPage() {
  const { rows, total, page, pageSize } = useLoaderData<typeof loader>()
  const [params, setParams] = useSearchParams()
  return (
    <>
      <h1 className="zf-page-title">操作日志</h1>
      <p style={{ color: 'rgba(0,0,0,0.55)', marginTop: -8 }}>日志只增不改，每条带 SM3 哈希链，任何修改或删除均可被 <code>npm run zhifa -- audit verify</code> 检出（第七条）。</p>
      <Form method="get" className="zf-toolbar">
        <Input name="q" defaultValue={params.get('q') ?? ''} placeholder="操作人、对象或内容" style={{ maxWidth: 220 }} allowClear />
        <select name="action" defaultValue={params.get('action') ?? ''} className="zf-native-select" aria-label="操作">
          <option value="">全部操作</option>
          {Object.entries(actionTitles).map(([key, title]) => <option key={key} value={key}>{title}</option>)}
        </select>
        <select name="outcome" defaultValue={params.get('outcome') ?? ''} className="zf-native-select" aria-label="结果">
          <option value="">全部结果</option>
          <option value="success">成功</option>
          <option value="failure">失败</option>
          <option value="denied">拒绝</option>
        </select>
        <input type="date" name="from" defaultValue={params.get('from') ?? ''} className="zf-native-select" aria-label="起始日期" />
        <input type="date" name="to" defaultValue={params.get('to') ?? ''} className="zf-native-select" aria-label="截止日期" />
        <Button htmlType="submit">查询</Button>
      </Form>
      <Table
        rowKey="seq" dataSource={rows} pagination={false} size="small" scroll={{ x: 900 }} data-testid="audit-table"
        columns={[
          { title: '序号', dataIndex: 'seq', width: 80 },
          { title: '时间', dataIndex: 'at', width: 170, render: (at: string) => shanghaiTime(at) },
          { title: '操作人', dataIndex: 'actorName', width: 140 },
          { title: '操作', dataIndex: 'action', width: 120, render: (a: string) => actionTitles[a] ?? a },
          { title: '结果', dataIndex: 'outcome', width: 80, render: (o: string) => outcomeTags[o] ?? o },
          { title: '对象', render: (_, r) => (r.targetType ? `${r.targetType} ${r.targetId ?? ''}` : '—') },
          { title: '详情', dataIndex: 'detail', ellipsis: true },
          { title: '客户端地址', dataIndex: 'clientIp', width: 140 },
        ]}
      />
      <div style={{ marginTop: 16, textAlign: 'right' }}>
        <Pagination current={page} total={total} pageSize={pageSize} showSizeChanger={false} showTotal={(t) => `共 ${t} 条`}
          onChange={(p) => { const next = new URLSearchParams(params); next.set('page', String(p)); setParams(next) }} />
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
