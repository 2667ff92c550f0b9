/**
 * 表单与模板: every form in force, with links to its designer, its template
 * and its placeholders (process administrators), and the proposed changes
 * waiting for them. The legal office of a form's owner sees the forms it may
 * propose changes to and its own proposals with their outcome (ADR 041).
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Space, Table } from 'antd'
import { forbidden, requireActor } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { catalog } from '../services/catalog/runtime.server.ts'
import { formOwners, formProposals, mayPropose } from '../services/catalog/form-proposals.server.ts'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'
import { ProposalList } from '../components/form-studio/proposal-list.tsx'

export const meta: MetaFunction = () => [{ title: '表单与模板 · 执法' }]

const KIND_TITLES: Record<string, string> = { document: '文书', decision: '决定类文书', plan: '计划方案', approval: '审批', record: '记录' }

export async function loader({ request }: LoaderFunctionArgs) {
  const { ability } = await requireActor(request)
  const manage = ability.can('manage', 'Form')
  if (!manage && !ability.can('create', 'CatalogProposal')) throw forbidden()
  await catalog().fresh()
  const all = catalog().forms.all()
  const owners = manage ? null : await formOwners(db, all.map((f) => f.key))
  const shown = manage ? all : all.filter((f) => { const owner = owners!.get(f.key); return owner && mayPropose(ability, f.key, owner) })
  const titles = new Map(all.map((f) => [f.key, f.manifest.title]))
  return {
    mode: manage ? 'save' as const : 'propose' as const,
    forms: shown.map((f) => ({
      key: f.key, title: f.manifest.title, kind: KIND_TITLES[f.manifest.kind] ?? f.manifest.kind, version: (f as { version?: number }).version ?? null,
    })),
    proposals: await formProposals(db, ability, (k) => titles.get(k) ?? k),
  }
}

export default function FormsPage() {
  const { forms, proposals, mode } = useLoaderData<typeof loader>()
  const proposing = mode === 'propose'
  return (
    <>
      <h1 className="zf-page-title">表单与模板</h1>
      {proposals.length || !proposing ? (
        <section className="zf-section" data-testid="proposals">
          <h2>{proposing ? '我的修改提议' : '修改提议'}</h2>
          {proposing ? null : <p>法制审核部门对表单提出的修改：查看改动后采纳（作为新版本生效）或驳回（须写明理由）。</p>}
          <ProposalList rows={proposals} showForm />
        </section>
      ) : null}
      <section className="zf-section">
        <p>
          {proposing
            ? '选择一种文书提出修改：检查通过后提交，由流程配置管理员采纳后生效，结果会通知您。'
            : '修改表单字段或上传新模板都会生成新版本：检查通过后才保存，生效后新开启的事项和新制作的文书使用新版本，已开启的事项和已制发的文书仍按原版本。'}
        </p>
        <Table rowKey="key" size="small" dataSource={forms} pagination={{ pageSize: 50 }} data-testid="forms-list" scroll={{ x: true }}
          columns={[
            { title: '文书', render: (_, f) => <Link to={`/admin/forms/${f.key}`}>{f.title}</Link> },
            { title: '键', render: (_, f) => <code>{f.key}</code>, responsive: ['md'] },
            { title: '类别', dataIndex: 'kind', responsive: ['md'] },
            { title: '生效版本', render: (_, f) => (f.version ? `v${f.version}` : '—') },
            {
              title: '', render: (_, f) => (proposing
                ? <Link to={`/admin/forms/${f.key}`}>提出修改</Link>
                : <Space wrap><Link to={`/admin/forms/${f.key}`}>表单设计</Link><Link to={`/admin/forms/${f.key}/template`}>模板</Link><Link to={`/admin/forms/${f.key}/placeholders`}>占位符</Link></Space>),
            },
          ]} />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
