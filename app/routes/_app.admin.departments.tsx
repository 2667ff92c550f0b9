import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Tag, Tree } from 'antd'
import type { DataNode } from 'antd/es/tree'
import { accessibleWhere } from '../services/permissions.server.ts'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { departmentKindTitle } from '../reference/departments.ts'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '部门 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requirePermission(request, 'read', 'Department')
  const departments = await db.department.findMany({
    where: accessibleWhere(ability, 'read', 'Department'),
    orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
    select: { id: true, name: true, kind: true, parentId: true, docPrefix: true, _count: { select: { users: true } } },
  })
  return { departments }
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['departments'][number]

function toTree(rows: Row[]): DataNode[] {
  const byParent = new Map<string | null, Row[]>()
  for (const r of rows) byParent.set(r.parentId, [...(byParent.get(r.parentId) ?? []), r])
  const ids = new Set(rows.map((r) => r.id))
  const build = (parent: string | null): DataNode[] =>
    (byParent.get(parent) ?? []).map((r) => ({
      key: r.id,
      title: (
        <span>
          {r.name} <Tag>{departmentKindTitle(r.kind)}</Tag>
          {r.docPrefix ? <Tag color="blue">机关代字 {r.docPrefix}</Tag> : null}
          <span style={{ color: 'rgba(0,0,0,0.45)' }}>{r._count.users} 人</span>
        </span>
      ),
      children: build(r.id),
    }))
  // Roots: departments whose parent is not visible.
  return rows.filter((r) => !r.parentId || !ids.has(r.parentId)).flatMap((r) => build(r.parentId).filter((n) => n.key === r.id))
}

export default function DepartmentsPage() {
  const { departments } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="zf-page-title">部门</h1>
      <div className="zf-section">
        <Tree treeData={toTree(departments)} defaultExpandAll showLine selectable={false} data-testid="department-tree" />
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
