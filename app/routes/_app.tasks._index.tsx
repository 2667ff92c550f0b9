import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { Badge, Button, Checkbox, Empty, Input, Table, Tabs, Tag } from 'antd'
import { requireActor } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { doneTasksBy, openTasksFor } from '../services/workflow/inbox.server.ts'
import { matterKinds, matterKind } from '../reference/matters.ts'
import { outcomeTitle } from '../reference/outcomes.ts'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'
import { ProvisionalTag } from '../components/provisional-tag.tsx'

export const meta: MetaFunction = () => [{ title: '待办 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request)
  const p = new URL(request.url).searchParams
  const tab = p.get('tab') === 'done' ? 'done' : 'open'
  const filter = { q: p.get('q')?.trim().slice(0, 50) || undefined, kind: p.get('kind') || undefined, overdue: p.get('overdue') === '1' }
  const [open, done] = await Promise.all([
    openTasksFor(db, clock, actor, tab === 'open' ? filter : {}),
    tab === 'done' ? doneTasksBy(db, clock, actor, filter) : Promise.resolve([]),
  ])
  return { tab, rows: tab === 'open' ? open : done, openCount: open.length, overdueCount: open.filter((r) => r.overdue).length }
}

function Due({ row }: { row: { dueDate: string | null; dueProvisional: boolean; remainingWorkingDays: number | null; overdue: boolean } }) {
  if (!row.dueDate) return <span>—</span>
  if (row.overdue) return <Tag color="red" data-testid="overdue">已逾期 · {row.dueDate}</Tag>
  const left = row.remainingWorkingDays
  return (
    <span>
      {row.dueDate}
      <ProvisionalTag show={row.dueProvisional} />
      {left !== null ? <Tag color={left <= 1 ? 'orange' : 'blue'} style={{ marginLeft: 6 }}>剩 {left} 个工作日</Tag> : null}
    </span>
  )
}

export default function TasksPage() {
  const { tab, rows, openCount, overdueCount } = useLoaderData<typeof loader>()
  const [params, setParams] = useSearchParams()
  const switchTab = (key: string) => {
    const next = new URLSearchParams()
    if (key === 'done') next.set('tab', 'done')
    setParams(next)
  }
  return (
    <>
      <h1 className="zf-page-title">待办事项</h1>
      <Tabs activeKey={tab} onChange={switchTab} items={[
        { key: 'open', label: <span>待办 <Badge count={openCount} showZero color={overdueCount ? 'red' : 'blue'} /></span> },
        { key: 'done', label: '已办' },
      ]} />
      <Form method="get" className="zf-toolbar">
        {tab === 'done' ? <input type="hidden" name="tab" value="done" /> : null}
        <Input name="q" defaultValue={params.get('q') ?? ''} placeholder="事项名称、编号或当事人" style={{ maxWidth: 240 }} allowClear />
        <select name="kind" defaultValue={params.get('kind') ?? ''} className="zf-native-select" aria-label="事项类型">
          <option value="">全部类型</option>
          {matterKinds.map((k) => <option key={k.key} value={k.key}>{k.title}</option>)}
        </select>
        {tab === 'open' ? <Checkbox name="overdue" value="1" defaultChecked={params.get('overdue') === '1'}>只看逾期</Checkbox> : null}
        <Button htmlType="submit">查询</Button>
      </Form>
      {rows.length === 0 ? <Empty description={tab === 'open' ? '暂无待办事项' : '暂无已办事项'} /> : (
        <Table
          // No fixed scroll width: on a phone the columns marked zf-col-wide are hidden (app.css), so
          // the step, its number and its due date fit the screen without a sideways swipe.
          rowKey="taskId" dataSource={rows} pagination={{ pageSize: 20, hideOnSinglePage: true }} data-testid="task-table"
          rowClassName={(r) => (r.overdue ? 'zf-row-overdue' : '')}
          columns={[
            {
              title: '办理环节',
              render: (_, r) => (
                <>
                  <Link to={`/tasks/${r.taskId}`}>{r.name}</Link>
                  {r.matter ? <div className="zf-phone-only zf-doc-meta">{r.matter.title}</div> : null}
                </>
              ),
            },
            { title: '事项', className: 'zf-col-wide', render: (_, r) => r.matter ? <Link to={`/matters/${r.matter.id}`}>{r.matter.title}</Link> : '—' },
            { title: '编号', render: (_, r) => r.matter?.number ?? '—' },
            { title: '类型', className: 'zf-col-wide', render: (_, r) => (r.matter ? matterKind(r.matter.kind)?.title ?? r.matter.kind : '—') },
            { title: '当事人', className: 'zf-col-wide', render: (_, r) => r.matter?.partyName ?? '—' },
            tab === 'open'
              ? { title: '办理期限', render: (_, r) => <Due row={r} /> }
              : { title: '办理结果', render: (_, r) => `${outcomeTitle(r.outcome) || '已办理'} · ${r.completedAt?.slice(0, 10) ?? ''}` },
          ]}
        />
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
