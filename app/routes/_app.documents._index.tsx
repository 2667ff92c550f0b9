import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { Button, Empty, Input, Pagination } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { formRegistry } from '../utils/documents.server.ts'
import { issuedKinds, DOCUMENTS_PAGE_SIZE, listDocuments } from '../services/documents/documents-query.server.ts'
import { shanghaiDateTime } from '../components/document-summary.tsx'
import { ButtonLink } from '../components/button-link.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'
import { documentNumberText } from '../reference/document-number.ts'

export const meta: MetaFunction = () => [{ title: '我的文书 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, ability } = await requirePermission(request, 'read', 'Document')
  const params = new URL(request.url).searchParams
  const kinds = issuedKinds(await formRegistry())
  const formKey = params.get('kind') ?? ''
  const list = await listDocuments(db, ability, {
    formKey: kinds.some((k) => k.key === formKey) ? formKey : undefined,
    q: params.get('q')?.trim().slice(0, 50) || undefined,
    page: Number(params.get('page')) || 1,
  })
  return {
    ...list,
    pageSize: DOCUMENTS_PAGE_SIZE,
    kinds: kinds.map((k) => ({ value: k.key, label: k.title })),
    oversees: actor.roles.some((r) => r.role === 'supervisor'),
    canCreate: ability.can('create', 'Document'),
  }
}

export default function DocumentsPage() {
  const { rows, total, page, pageSize, kinds, oversees, canCreate } = useLoaderData<typeof loader>()
  const [params, setParams] = useSearchParams()
  return (
    <>
      <h1 className="zf-page-title">我的文书</h1>
      <p className="zf-page-lead">{oversees ? '本人制作的文书，以及本部门和下级部门执法人员、监督人员制作的文书（第七条）。' : '本人制作的执法文书（第七条）。'}</p>
      <Form method="get" className="zf-toolbar">
        <Input name="q" defaultValue={params.get('q') ?? ''} placeholder="文书编号" style={{ maxWidth: 220 }} allowClear aria-label="文书编号" />
        <select name="kind" defaultValue={params.get('kind') ?? ''} className="zf-native-select" aria-label="文书种类">
          <option value="">全部种类</option>
          {kinds.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
        </select>
        <Button htmlType="submit">查询</Button>
        <span className="zf-grow" />
        {canCreate ? <ButtonLink to="/documents/new" type="primary" icon={<PlusOutlined />}>制作文书</ButtonLink> : null}
      </Form>
      <div className="zf-section">
        {rows.length === 0 ? <Empty description="暂无文书" /> : (
          <ul className="zf-doc-list" data-testid="documents-list">
            {rows.map((d) => (
              <li key={d.id}>
                <Link to={`/documents/${d.id}`} className="zf-doc-number">{documentNumberText(d.number)}</Link>
                <div className="zf-doc-title">{d.title}{d.partyName ? ` · ${d.partyName}` : ''}</div>
                <div className="zf-doc-meta">{d.departmentName} · {d.issuedByName} · {shanghaiDateTime(d.issuedAt)}</div>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="zf-pagination">
        <Pagination current={page} total={total} pageSize={pageSize} showTotal={(t) => `共 ${t} 份文书`} size="small"
          onChange={(p) => { const next = new URLSearchParams(params); next.set('page', String(p)); setParams(next) }} />
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
