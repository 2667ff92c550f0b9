/** 表单与模板: every form in force, with links to its designer, its template and its placeholders (process administrators). */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Space, Table } from 'antd'
import { requirePermission } from '../utils/auth.server.ts'
import { catalog } from '../services/catalog/runtime.server.ts'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '表单与模板 · 执法' }]

const KIND_TITLES: Record<string, string> = { document: '文书', decision: '决定类文书', plan: '计划方案', approval: '审批', record: '记录' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'Form')
  await catalog().fresh()
  return {
    forms: catalog().forms.all().map((f) => ({
      key: f.key, title: f.manifest.title, kind: KIND_TITLES[f.manifest.kind] ?? f.manifest.kind, version: (f as { version?: number }).version ?? null,
    })),
  }
}

export default function FormsPage() {
  const { forms } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="zf-page-title">表单与模板</h1>
      <section className="zf-section">
        <p>修改表单字段或上传新模板都会生成新版本：检查通过后才保存，生效后新开启的事项和新制作的文书使用新版本，已开启的事项和已制发的文书仍按原版本。</p>
        <Table rowKey="key" size="small" dataSource={forms} pagination={{ pageSize: 50 }} data-testid="forms-list"
          columns={[
            { title: '文书', render: (_, f) => <Link to={`/admin/forms/${f.key}`}>{f.title}</Link> },
            { title: '键', render: (_, f) => <code>{f.key}</code> },
            { title: '类别', dataIndex: 'kind' },
            { title: '生效版本', render: (_, f) => (f.version ? `v${f.version}` : '—') },
            { title: '', render: (_, f) => <Space><Link to={`/admin/forms/${f.key}`}>表单设计</Link><Link to={`/admin/forms/${f.key}/template`}>模板</Link><Link to={`/admin/forms/${f.key}/placeholders`}>占位符</Link></Space> },
          ]} />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
