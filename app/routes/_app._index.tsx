import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Alert, Card, Empty, Space, Tag } from 'antd'
import { requireActor } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { homePanels } from '../services/home.server.ts'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, ability, account } = await requireActor(request)
  return {
    displayName: account.displayName,
    panels: await homePanels(db, clock, actor, ability, new Map(account.roles.map((r) => [r.departmentId, r.department.name]))),
  }
}

export default function Home() {
  const { displayName, panels } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="zf-page-title">您好，{displayName}</h1>
      {panels.length === 0 ? <Empty description="您的账号尚未分配角色，请联系本部门执法系统管理员。" /> : null}
      <div className="zf-card-grid">
        {panels.map((panel) => (
          <Card key={`${panel.role}-${panel.department}`} title={panel.title} extra={<Tag>{panel.department}</Tag>} data-testid={`role-panel-${panel.role}`}>
            <p style={{ marginTop: 0, color: 'rgba(0,0,0,0.55)' }}>{panel.description}</p>
            {panel.warnings.map((w) => (
              <Alert key={w.href} type="warning" showIcon style={{ marginBottom: 12 }} data-testid="calendar-warning" message={<>{w.text} <Link to={w.href}>去录入</Link></>} />
            ))}
            {panel.figures.length > 0 ? (
              <Space size="large" wrap style={{ marginBottom: 12 }}>
                {panel.figures.map((f) => (
                  <div key={f.label}>
                    <div className="zf-stat">{f.href ? <Link to={f.href}>{f.value}</Link> : f.value}</div>
                    <div>{f.label}</div>
                  </div>
                ))}
              </Space>
            ) : null}
            {panel.links.length > 0 ? (
              <Space wrap>
                {panel.links.map((l) => <Link key={l.href} to={l.href}>{l.label}</Link>)}
              </Space>
            ) : null}
          </Card>
        ))}
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
