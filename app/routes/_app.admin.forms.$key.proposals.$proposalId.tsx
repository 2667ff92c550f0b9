/**
 * 修改提议 (ADR 041): one proposed change to a form — who proposed it, when
 * and why, and what it changes field by field against the version in force
 * (the example data and the JSON line diff below). A process administrator
 * accepts it (a new version through the catalog, the checks run again) or
 * rejects it with a reason; the proposer reads the outcome here. Whoever the
 * rules do not let read it gets 403.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Button, Collapse, Descriptions, Input, List, Space, Tag } from 'antd'
import { z } from 'zod'
import { requirePermission } from '../utils/auth.server.ts'
import { actionError, formFields, orRespond, redirectWithNotice } from '../utils/http.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { studioDeps } from '../utils/form-studio.server.ts'
import { catalog } from '../services/catalog/runtime.server.ts'
import { acceptFormProposal, proposalView, rejectFormProposal } from '../services/catalog/form-proposals.server.ts'
import { InvalidInput } from '../services/errors.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'
import { shanghaiMinute } from '../components/studio/shanghai-time.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? '表单'} · 修改提议 · 执法` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ability } = await requirePermission(request, 'read', 'CatalogProposal')
  return orRespond(proposalView({ db, catalog: catalog() }, ability, params.key ?? '', params.proposalId ?? ''))
}

const schema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('accept'), note: z.string().max(500, '说明不能超过 500 字').default('') }),
  z.object({ intent: z.literal('reject'), reason: z.string().max(500, '驳回理由不能超过 500 字').default('') }),
])

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, ability } = await requirePermission(request, 'approve', 'CatalogProposal')
  const key = params.key ?? ''
  const id = params.proposalId ?? ''
  const parsed = schema.safeParse(await formFields(request))
  if (!parsed.success) return actionError(new InvalidInput({ form: parsed.error.issues.map((i) => i.message) }))
  try {
    if (parsed.data.intent === 'reject') {
      await rejectFormProposal({ db, clock, catalog: catalog() }, { actor, ability }, key, id, parsed.data.reason)
      return redirectWithNotice(request, `/admin/forms/${key}/proposals/${id}`, '已驳回，已通知提议人')
    }
    const accepted = await acceptFormProposal(await studioDeps(request), { actor, ability }, key, id, parsed.data.note)
    return redirectWithNotice(request, `/admin/forms/${key}/proposals/${id}`, `已采纳：第 ${accepted.version} 版已生效，已通知提议人`)
  } catch (error) {
    return actionError(error)
  }
}

const STATUS = { pending: ['orange', '待处理'], accepted: ['green', '已采纳'], rejected: ['red', '已驳回'] } as const
const CHANGE = { added: ['green', '新增'], removed: ['red', '删除'], changed: ['blue', '修改'] } as const

export default function ProposalPage() {
  const p = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const refused = result && 'fieldErrors' in result ? { message: result.formError ?? '未处理', problems: Object.values(result.fieldErrors as Record<string, string[]>).flat() } : null
  const against = p.status === 'pending' ? `生效的第 ${p.activeVersion} 版` : `提议时的第 ${p.baseVersion} 版`
  const nothing = p.changes.fields.length === 0 && !p.changes.order && p.changes.other.length === 0
  return (
    <>
      <h1 className="zf-page-title">修改提议：{p.title}</h1>
      <p><Link to="/admin/forms">表单与模板</Link> · <Link to={`/admin/forms/${p.key}`}>{p.title}</Link></p>
      <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} bordered className="zf-section" data-testid="proposal-summary"
        items={[
          { key: 'status', label: '状态', children: <Tag color={STATUS[p.status][0]}>{STATUS[p.status][1]}</Tag> },
          { key: 'by', label: '提议人', children: `${p.proposedByName} · ${shanghaiMinute(p.createdAt)}` },
          { key: 'note', label: '变更说明', children: p.changeNote, span: 2 },
          { key: 'base', label: '提议时的版本', children: `第 ${p.baseVersion} 版（表单所属机关：${p.ownerOrganName}）` },
          ...(p.decidedAt ? [{
            key: 'decision', label: p.status === 'accepted' ? '采纳' : '驳回',
            children: `${p.decidedByName ?? ''} · ${shanghaiMinute(p.decidedAt)}${p.acceptedVersion ? ` · 第 ${p.acceptedVersion} 版生效` : ''}${p.decisionNote ? ` · ${p.status === 'rejected' ? '理由：' : ''}${p.decisionNote}` : ''}`,
          }] : []),
        ]} />
      {p.status === 'pending' && p.activeVersion !== p.baseVersion ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`提议之后生效的版本已变为第 ${p.activeVersion} 版：采纳会撤销之后的修改，不能采纳。请驳回，由提议人在新版本上重新提议。`} />
      ) : null}
      <section className="zf-section" data-testid="proposal-changes">
        <h2>改动（与{against}相比）</h2>
        {nothing ? <p>字段没有改动。</p> : null}
        <List size="small" dataSource={p.changes.fields} locale={{ emptyText: ' ' }} renderItem={(f) => (
          <List.Item data-testid={`change-${f.path}`}>
            <List.Item.Meta
              title={<Space wrap size={6}><Tag color={CHANGE[f.change][0]}>{CHANGE[f.change][1]}</Tag><span>{f.label}</span><code>{f.path}</code></Space>}
              description={f.details.length ? <ul>{f.details.map((d) => <li key={d}>{d}</li>)}</ul> : null}
            />
          </List.Item>
        )} />
        {p.changes.order ? <p>字段顺序：{p.changes.order.before.join('、')} → {p.changes.order.after.join('、')}</p> : null}
        {p.changes.other.length ? <ul>{p.changes.other.map((o) => <li key={o}>{o}</li>)}</ul> : null}
        {p.exampleChanges.length ? (
          <>
            <h3>示例数据的改动</h3>
            <ul>{p.exampleChanges.map((c) => <li key={c.path}>{c.label}：{c.before ?? '（空）'} → {c.after ?? '（空）'}</li>)}</ul>
          </>
        ) : null}
        <Collapse size="small" items={[
          { key: 'schema', label: '代码对比：JSON Schema', children: <pre className="zf-code-fallback" data-testid="schema-diff">{p.schemaDiff || '（无改动）'}</pre> },
          { key: 'ui', label: '代码对比：UI Schema', children: <pre className="zf-code-fallback">{p.uiSchemaDiff || '（无改动）'}</pre> },
        ]} />
      </section>
      {p.mayDecide ? (
        <section className="zf-section" data-testid="proposal-decision">
          <h2>处理</h2>
          {refused ? (
            <Alert type="error" showIcon data-testid="proposal-problems" style={{ marginBottom: 12 }} message={refused.message}
              description={<ul>{refused.problems.map((m) => <li key={m}>{m}</li>)}</ul>} />
          ) : null}
          <Form method="post" style={{ marginBottom: 16 }}>
            <CsrfInput />
            <input type="hidden" name="intent" value="accept" />
            <p>采纳前会再做一次与保存相同的检查，通过后作为新版本生效（记为{p.proposedByName}提议、由您采纳）。</p>
            <p><Input.TextArea name="note" rows={2} placeholder="采纳说明（可不填）" aria-label="采纳说明" /></p>
            <Button type="primary" htmlType="submit" loading={busy} disabled={p.activeVersion !== p.baseVersion}>采纳并生效</Button>
          </Form>
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="reject" />
            <p><Input.TextArea name="reason" rows={2} placeholder="驳回理由（必填）" aria-label="驳回理由" /></p>
            <Button danger htmlType="submit" loading={busy}>驳回</Button>
          </Form>
        </section>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
