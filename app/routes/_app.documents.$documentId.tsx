import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { Button } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import { requireActor } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { actionError, formFields, orRespond, redirectWithNotice } from '../utils/http.server.ts'
import { documentsFor } from '../utils/documents.server.ts'
import { InvalidInput } from '../services/errors.ts'
import { readDocumentLogged } from '../services/documents/read-rule.server.ts'
import { clock } from '../utils/clock.server.ts'
import { DocumentSummary, useRefreshWhilePending } from '../components/document-summary.tsx'
import { CsrfInput } from '../components/csrf-input.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.document.number ?? d?.document.title ?? '文书'} · 执法` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, ability } = await requireActor(request)
  // Not readable and not existing get the same 404, so ids reveal nothing; reads and refusals are logged.
  return { document: await orRespond(readDocumentLogged({ db, clock, actor, ability }, params.documentId ?? '', 'page')) }
}

/** 重新生成: whoever may read the document may queue its failed rendering again (nothing in it changes). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, ability } = await requireActor(request)
  const document = await orRespond(readDocumentLogged({ db, clock, actor, ability }, params.documentId ?? '', 'page'))
  const fields = await formFields(request)
  if (fields.intent !== 'render-again') return actionError(new InvalidInput({}, '未知的操作。'))
  const { service } = await documentsFor(request)
  await service.renders.requeue(actor, document.id)
  const status = await service.renders.settle(document.id, 15_000)
  const notice = status === 'rendered' ? '文书文件已重新生成' : status === 'pending' ? '已重新排队生成，完成后本页自动刷新' : '重新生成仍未成功，请联系系统管理员检查文书转换服务'
  return redirectWithNotice(request, `/documents/${document.id}`, notice)
}

export default function DocumentPage() {
  const { document } = useLoaderData<typeof loader>()
  const busy = useNavigation().state !== 'idle'
  useRefreshWhilePending(document.renderStatus === 'pending')
  return (
    <>
      <h1 className="zf-page-title">{document.title}</h1>
      <p className="zf-page-lead"><Link to="/documents">← 返回文书列表</Link></p>
      <DocumentSummary document={document} renderAgain={(
        <Form method="post">
          <CsrfInput />
          <Button htmlType="submit" name="intent" value="render-again" icon={<ReloadOutlined />} loading={busy}>重新生成</Button>
        </Form>
      )} />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
