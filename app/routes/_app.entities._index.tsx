import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { Button, Input, Table } from 'antd'
import { accessibleWhere } from '../services/permissions.server.ts'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'
import { containsText } from '../utils/search.server.ts'

export const meta: MetaFunction = () => [{ title: '生产经营单位 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requirePermission(request, 'read', 'RegulatedEntity')
  const q = new URL(request.url).searchParams.get('q')?.trim().slice(0, 50)
  const entities = await db.regulatedEntity.findMany({
    where: { AND: [accessibleWhere(ability, 'read', 'RegulatedEntity'), q ? { OR: [{ name: containsText(q) }, { creditCode: containsText(q) }] } : {}] },
    orderBy: { name: 'asc' },
    take: 200,
    select: { id: true, name: true, creditCode: true, address: true, legalRepresentative: true, industry: true, department: { select: { name: true } } },
  })
  return { entities, canMakeDocuments: ability.can('create', 'Document') }
}

export default function EntitiesPage() {
  const { entities, canMakeDocuments } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  return (
    <>
      <h1 className="zf-page-title">生产经营单位</h1>
      <Form method="get" className="zf-toolbar">
        <Input name="q" defaultValue={params.get('q') ?? ''} placeholder="单位名称或统一社会信用代码" style={{ maxWidth: 280 }} allowClear />
        <Button htmlType="submit">查询</Button>
      </Form>
      <Table
        rowKey="id" dataSource={entities} pagination={{ pageSize: 20, showSizeChanger: false }} scroll={{ x: 800 }}
        columns={[
          { title: '单位名称', dataIndex: 'name' },
          { title: '统一社会信用代码', dataIndex: 'creditCode' },
          { title: '行业', dataIndex: 'industry' },
          { title: '法定代表人', dataIndex: 'legalRepresentative' },
          { title: '地址', dataIndex: 'address' },
          { title: '属地', render: (_, r) => r.department.name },
          ...(canMakeDocuments
            ? [{ title: '文书', render: (_: unknown, r: { id: string; name: string }) => <Link to={`/documents/new?subject=regulated-entity:${r.id}`} aria-label={`为${r.name}制作文书`}>制作文书</Link> }]
            : []),
        ]}
      />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
