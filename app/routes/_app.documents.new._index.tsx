import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, redirect, useLoaderData } from '@remix-run/react'
import { Alert, Button, Card, Tag } from 'antd'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { discardDraftById, liveDrafts } from '../services/documents/drafts.server.ts'
import { orRespond } from '../utils/http.server.ts'
import { formRegistry } from '../utils/documents.server.ts'
import { DOCUMENT_GROUPS, documentKinds } from '../services/documents/documents-query.server.ts'
import { resolveSubject } from '../services/documents/form-context.server.ts'
import { shanghaiDateTime } from '../components/document-summary.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'
import { CsrfInput } from '../components/csrf-input.tsx'

export const meta: MetaFunction = () => [{ title: '制作文书 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, ability } = await requirePermission(request, 'create', 'Document')
  const subject = await orRespond(resolveSubject(db, ability, new URL(request.url).searchParams.get('subject')))
  const kinds = documentKinds(await formRegistry())
  const titles = new Map(kinds.map((k) => [k.key, k.title]))
  // Every draft that can still be finished, each opening where it was typed (a step's draft opens its step).
  const drafts = await liveDrafts(db, actor.id)
  return {
    subject: subject ? { param: subject.param, label: subject.label } : null,
    groups: Object.entries(DOCUMENT_GROUPS).map(([group, title]) => ({ group, title, kinds: kinds.filter((k) => k.group === group) })),
    drafts: drafts.map((d) => ({ id: d.id, title: titles.get(d.formKey) ?? d.formKey, updatedAt: d.updatedAt.toISOString(), href: d.href })),
  }
}

const DISCARD = 'discard-draft'

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requirePermission(request, 'create', 'Document')
  const form = await request.formData()
  const draftId = form.get('draftId')
  if (form.get('intent') !== DISCARD || typeof draftId !== 'string' || !draftId) return data({ error: '请求无效' }, { status: 400 })
  // Only the owner's own draft; another user's id answers as if it were gone.
  if (!(await discardDraftById(db, clock, actor, draftId))) return data({ error: '草稿不存在或已删除' }, { status: 404 })
  return redirect('/documents/new')
}

export default function ChooseDocumentKindPage() {
  const { subject, groups, drafts } = useLoaderData<typeof loader>()
  const query = subject ? `?subject=${encodeURIComponent(subject.param)}` : ''
  return (
    <>
      <h1 className="zf-page-title">制作文书</h1>
      {subject ? <Alert type="info" showIcon className="zf-form-alert" title={subject.label} /> : null}
      {drafts.length > 0 ? (
        <Card title="未完成的草稿" size="small" className="zf-card" data-testid="my-drafts">
          <ul className="zf-doc-list">
            {drafts.map((d) => (
              <li key={d.id}>
                <Link to={d.href} className="zf-doc-number">{d.title}</Link>
                <div className="zf-doc-meta">
                  上次保存：{shanghaiDateTime(d.updatedAt)}
                  <Form method="post" style={{ display: 'inline' }}>
                    <CsrfInput />
                    <input type="hidden" name="intent" value={DISCARD} />
                    <input type="hidden" name="draftId" value={d.id} />
                    <Button htmlType="submit" type="link" size="small" danger aria-label={`删除草稿：${d.title}`}>删除草稿</Button>
                  </Form>
                </div>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      {groups.map((g) => (
        <Card key={g.group} title={g.title} size="small" className="zf-card">
          <ul className="zf-kind-list" data-testid={`kinds-${g.group}`}>
            {g.kinds.map((k) => (
              <li key={k.key}>
                <Link to={`/documents/new/${k.key}${query}`}>{k.title}</Link>
                <Tag variant="filled">{k.article}</Tag>
              </li>
            ))}
          </ul>
        </Card>
      ))}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
