/**
 * 权限规则: every role with its rules in plain Chinese — 谁 · 可以 · 对什么 ·
 * 在什么条件下 — for the region's system administrators, who edit a role
 * from here (ADR 026).
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { List, Space, Tag } from 'antd'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { rolesOverview } from '../services/permissions/role-admin.server.ts'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '权限规则 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'Permission')
  return { roles: await rolesOverview(db) }
}

export default function PermissionsPage() {
  const { roles } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="zf-page-title">权限规则</h1>
      <p>每条规则读作：谁 · 可以 · 对什么 · 在什么条件下。没有任何规则允许的操作一律不可以。 <Link to="/admin/permissions/explain">权限说明</Link></p>
      {roles.map((role) => (
        <section className="zf-section" key={role.key} data-testid={`role-${role.key}`}>
          <h2 className="zf-section-title">
            <Space wrap>
              <span>{role.name}</span>
              <Tag color="blue">v{role.version}</Tag>
              <Link to={`/admin/permissions/${role.key}`} aria-label={`修改「${role.name}」的规则`}>修改规则</Link>
            </Space>
          </h2>
          <List
            size="small" dataSource={role.rules}
            renderItem={(rule) => (
              <List.Item data-testid={`rule-${role.key}-${rule.id}`}>
                <div>
                  <div><strong>{rule.title}</strong> <Tag>{rule.id}</Tag>{rule.inverted ? <Tag color="red">禁止</Tag> : null}</div>
                  <div>{rule.who} · {rule.can} · {rule.what} · {rule.when === '不限' ? '不限条件' : `条件：${rule.when}`}</div>
                </div>
              </List.Item>
            )}
          />
        </section>
      ))}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
