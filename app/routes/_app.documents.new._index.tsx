import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Alert, Card, Tag } from 'antd'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { orRespond } from '../utils/http.server.ts'
import { formRegistry } from '../utils/documents.server.ts'
import { DOCUMENT_GROUPS, documentKinds } from '../services/documents/documents-query.server.ts'
import { resolveSubject } from '../services/documents/form-context.server.ts'
import { shanghaiDateTime } from '../components/document-summary.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '制作文书 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, ability } = await requirePermission(request, 'create', 'Document')
  const subject = await orRespond(resolveSubject(db, ability, new URL(request.url).searchParams.get('subject')))
  const kinds = documentKinds(await formRegistry())
  const titles = new Map(kinds.map((k) => [k.key, k.title]))
  const drafts = await db.formDraft.findMany({
    where: { ownerId: actor.id },
    orderBy: { updatedAt: 'desc' },
    take: 20,
    select: { id: true, formKey: true, subjectType: true, subjectId: true, updatedAt: true },
  })
  return {
    subject: subject ? { param: subject.param, label: subject.label } : null,
    groups: Object.entries(DOCUMENT_GROUPS).map(([group, title]) => ({ group, title, kinds: kinds.filter((k) => k.group === group) })),
    drafts: drafts.filter((d) => titles.has(d.formKey)).map((d) => ({
      id: d.id, title: titles.get(d.formKey)!, updatedAt: d.updatedAt.toISOString(),
      href: `/documents/new/${d.formKey}${d.subjectType && d.subjectId ? `?subject=${d.subjectType}:${d.subjectId}` : ''}`,
    })),
  }
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
                <div className="zf-doc-meta">上次保存：{shanghaiDateTime(d.updatedAt)}</div>
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
