/**
 * 占位符说明: every field of a form with the placeholder that prints it in a
 * DOCX template, the stamp the system adds (文书编号, 验证码, 核验网址), the
 * filters and the section syntax — what someone editing the template in
 * Word or WPS/LibreOffice needs.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Table, Tag } from 'antd'
import { requirePermission } from '../utils/auth.server.ts'
import { orRespond } from '../utils/http.server.ts'
import { catalog } from '../services/catalog/runtime.server.ts'
import { fieldsOf, STAMP_FIELDS } from '../../forms/_lib/schema-fields.ts'
import { FILTER_GUIDE, placeholderRows } from '../components/form-studio/placeholders.ts'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? '表单'} · 占位符说明 · 执法` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'Form')
  await catalog().fresh()
  const form = await orRespond(() => catalog().forms.get(params.key ?? ''))
  return { key: form.key, title: form.manifest.title, rows: placeholderRows(fieldsOf(form.bundledSchema)), stamp: STAMP_FIELDS }
}

export default function PlaceholdersPage() {
  const { key, title, rows, stamp } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="zf-page-title">占位符说明：{title}</h1>
      <p><Link to={`/admin/forms/${key}/template`}>文书模板</Link> · <Link to={`/admin/forms/${key}`}>表单设计</Link></p>
      <section className="zf-section">
        <h2>写法</h2>
        <ul>
          <li>在模板文字中用花括号写字段路径：<code>{'{party.name}'}</code>；竖线后是过滤器：<code>{'{issueDate|date}'}</code>。</li>
          <li>列表逐项打印：<code>{'{#qa}问：{question} 答：{answer}{/qa}'}</code>，开始和结束标记单独成段时整段重复；<code>{'{$index}'}</code> 是序号。</li>
          <li>有内容才打印：<code>{'{#partySignature}…{/partySignature}'}</code>；没有内容时打印：<code>{'{^field}…{/field}'}</code>。</li>
          <li>引用表单中没有的字段、使用未知的过滤器、标记不成对的模板会被拒绝，并指出是哪个占位符。</li>
        </ul>
      </section>
      <section className="zf-section">
        <h2>字段</h2>
        <Table rowKey="path" size="small" pagination={false} dataSource={rows} data-testid="placeholder-fields"
          columns={[
            { title: '字段', render: (_, r) => <span>{r.title} {r.required ? <Tag color="red">必填</Tag> : null}</span> },
            { title: '路径', render: (_, r) => <code>{r.path}</code> },
            { title: '占位符', render: (_, r) => <code>{r.placeholder}</code> },
            { title: '类型', render: (_, r) => r.type + (r.enum ? `（${r.enum.join('、')}）` : '') },
          ]} />
      </section>
      <section className="zf-section">
        <h2>系统填写</h2>
        <ul>{stamp.map((s) => <li key={s.path}><code>{`{${s.path}}`}</code> {s.title}</li>)}</ul>
      </section>
      <section className="zf-section">
        <h2>过滤器</h2>
        <Table rowKey="name" size="small" pagination={false} dataSource={FILTER_GUIDE}
          columns={[{ title: '过滤器', render: (_, f) => <code>{f.name}</code> }, { title: '示例', render: (_, f) => <code>{f.example}</code> }, { title: '打印为', dataIndex: 'prints' }]} />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
