import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Button, Empty, List, Tag } from 'antd'
import { requireActor } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { redirectWithNotice } from '../utils/http.server.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '通知 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request)
  const rows = await db.notification.findMany({ where: { userId: actor.id }, orderBy: { createdAt: 'desc' }, take: 100 })
  return { rows: rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, createdAt: r.createdAt.toISOString(), read: !!r.readAt })) }
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireActor(request)
  // Only one's own notifications: the where-clause carries the user.
  await db.notification.updateMany({ where: { userId: actor.id, readAt: null }, data: { readAt: clock.now() } })
  return redirectWithNotice(request, '/notifications', '已全部标为已读')
}

export default function NotificationsPage() {
  const { rows } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="zf-page-title">通知</h1>
      {rows.some((r) => !r.read) ? (
        <Form method="post" style={{ marginBottom: 12 }}><CsrfInput /><Button htmlType="submit">全部标为已读</Button></Form>
      ) : null}
      {rows.length === 0 ? <Empty description="暂无通知" /> : (
        <List className="zf-section" dataSource={rows} data-testid="notification-list" renderItem={(n) => (
          <List.Item>
            <List.Item.Meta
              title={<span>{n.read ? null : <Tag color="red">未读</Tag>}{n.link ? <Link to={n.link}>{n.title}</Link> : n.title}</span>}
              description={<span>{n.body}<br /><small>{new Date(new Date(n.createdAt).getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 16)}</small></span>}
            />
          </List.Item>
        )} />
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
