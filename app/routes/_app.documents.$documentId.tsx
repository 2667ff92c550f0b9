import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { orRespond } from '../utils/http.server.ts'
import { readableDocument } from '../services/documents/documents-query.server.ts'
import { DocumentSummary } from '../components/document-summary.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.document.number ?? '文书'} · 执法` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ability } = await requirePermission(request, 'read', 'Document')
  // Not readable and not existing get the same 404, so ids reveal nothing.
  return { document: await orRespond(readableDocument(db, ability, params.documentId ?? '')) }
}

export default function DocumentPage() {
  const { document } = useLoaderData<typeof loader>()
  return (
    <>
      <h1 className="zf-page-title">{document.title}</h1>
      <p className="zf-page-lead"><Link to="/documents">← 返回文书列表</Link></p>
      <DocumentSummary document={document} />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
