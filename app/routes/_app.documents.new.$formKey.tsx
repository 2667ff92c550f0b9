import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import { Alert, App as AntApp, Button, Space } from 'antd'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { formActionError, orRespond, redirectWithNotice } from '../utils/http.server.ts'
import { documentsFor, documentsRuntimeInfo } from '../utils/documents.server.ts'
import { clientFormDefinition } from '../../forms/_lib/registry.ts'
import { prefill } from '../../forms/_lib/prefill.ts'
import { issuableForm } from '../services/documents/documents-query.server.ts'
import { issuingOrganOf, prefillContextFor, resolveSubject } from '../services/documents/form-context.server.ts'
import { formsOfPlace, loadDraft } from '../services/documents/drafts.server.ts'
import { draftVersionOffer, migrateDraft } from '../services/documents/draft-migration.server.ts'
import { makeDocument, MAX_PAYLOAD_BYTES } from '../services/documents/document-making.server.ts'
import { migrateDraftSchema, respondToMigration, type MigrationRefusal } from '../utils/draft-migration.server.ts'
import { useCsrfToken } from '../root.tsx'
import { initialFormData, StatutoryForm } from '../components/statutory-form/statutory-form.tsx'
import { DraftStatus } from '../components/statutory-form/draft-status.tsx'
import { useDraftAutosave } from '../components/statutory-form/use-draft-autosave.ts'
import { serverErrorSchema } from '../components/statutory-form/rjsf-zh.ts'
import { pruneEmptyOptional } from '../components/statutory-form/prune.ts'
import { DraftVersionNotice } from '../components/statutory-form/draft-version-notice.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.form.title ?? '制作文书'} · 执法` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, account, ability } = await requirePermission(request, 'create', 'Document')
  const { registry: active, pdfAvailable } = await documentsRuntimeInfo()
  const subject = await orRespond(resolveSubject(db, ability, new URL(request.url).searchParams.get('subject')))
  await orRespond(() => issuableForm(active, params.formKey ?? ''))
  const place = { formKey: params.formKey!, subject: subject?.ref }
  const draft = await loadDraft(db, actor, place)
  // The form version the draft keeps: a matter's (docs/decisions/025), or the one it was started on (039).
  const registry = await formsOfPlace(db, active, place, draft?.formVersion ?? null)
  const form = await orRespond(() => issuableForm(registry, place.formKey))
  const organ = await orRespond(issuingOrganOf(db, actor))
  const offer = draft ? await draftVersionOffer(db, active, actor, place) : null
  const context = prefillContextFor({ now: clock.now(), organ, actor: { displayName: account.displayName, certificateNo: account.certificateNo }, subject })
  return {
    form: clientFormDefinition(registry, form.key),
    organName: organ.name,
    subject: subject ? { param: subject.param, label: subject.label } : null,
    prefilled: prefill(form.manifest, context),
    draft: draft ? { revision: draft.revision, data: draft.data, updatedAt: draft.updatedAt.toISOString(), olderVersion: draft.formVersion !== form.contentHash } : null,
    offer,
    storageKey: `zhifa.draft:${actor.id}:${form.key}:${subject?.param ?? ''}`,
    pdfAvailable,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, ability } = await requirePermission(request, 'create', 'Document')
  if (Number(request.headers.get('content-length') ?? 0) > 2 * MAX_PAYLOAD_BYTES) throw new Response('表单内容过大。', { status: 413 })
  const fields = await request.formData()
  const { service, registry } = await documentsFor(request)
  const subject = fields.get('subject')
  if (fields.get('intent') === 'migrate-draft') {
    const parsed = migrateDraftSchema.safeParse(Object.fromEntries(fields))
    if (!parsed.success) throw new Response('无法识别的操作', { status: 400 })
    const formKey = params.formKey ?? ''
    return respondToMigration(request, async () => {
      issuableForm(registry, formKey)
      const resolved = await resolveSubject(db, ability, typeof subject === 'string' && subject ? subject : null)
      return migrateDraft(db, registry, clock, actor, { formKey, subject: resolved?.ref }, parsed.data)
    }).catch(formActionError)
  }
  try {
    const issued = await makeDocument({ db, clock, registry, actor, ability }, service, {
      formKey: params.formKey ?? '',
      subject: typeof subject === 'string' && subject ? subject : null,
      payload: fields.get('payload'),
    })
    return redirectWithNotice(request, `/documents/${issued.id}`, `已制发 ${issued.number}`)
  } catch (error) {
    return formActionError(error)
  }
}

export default function NewDocumentPage() {
  // A migrated draft comes back with another version of the form: the form starts again from it.
  return <NewDocumentForm key={useLoaderData<typeof loader>().form.version} />
}

function NewDocumentForm() {
  const { form, organName, subject, prefilled, draft, offer, storageKey, pdfAvailable } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const refusal = actionData && 'migrationError' in actionData ? (actionData as MigrationRefusal) : undefined
  const result = refusal ? undefined : (actionData as Exclude<typeof actionData, MigrationRefusal> | undefined)
  const csrf = useCsrfToken()
  const submit = useSubmit()
  const busy = useNavigation().state !== 'idle'
  const { message, modal } = AntApp.useApp()

  const initial = useMemo(() => pruneEmptyOptional(initialFormData(form.schema, draft?.data ?? prefilled), form.schema), [form.schema, draft, prefilled])
  const [formData, setFormData] = useState<unknown>(initial)
  const autosave = useDraftAutosave({
    saveUrl: `/documents/new/${form.key}/draft`,
    storageKey,
    subject: subject?.param ?? null,
    csrf,
    serverDraft: draft ? { revision: draft.revision, data: initial } : null,
    onRestore: setFormData,
  })
  // Browser tests wait for this before typing (a page that has not hydrated would drop their input).
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  const server = useMemo(() => serverErrorSchema(result?.fieldErrors ?? []), [result])

  const onChange = useCallback((next: unknown) => {
    const data = pruneEmptyOptional(next, form.schema)
    setFormData(data)
    autosave.change(data)
  }, [autosave, form.schema])

  const onSubmit = useCallback(async (valid: unknown) => {
    if (!navigator.onLine) {
      message.warning('当前离线：内容已暂存在本机，恢复网络后再提交。')
      return
    }
    // The draft reaches the server first, so nothing typed depends on this request.
    if (!(await autosave.flush())) {
      message.warning('草稿尚未保存到服务器，请稍后再提交。')
      return
    }
    // Issuing is final (a number is taken, the text is frozen): ask once more.
    modal.confirm({
      title: `制发${form.title}？`,
      content: '制发后文书即编号存档，不能再修改或撤回；如需更正，须按第七条申请更改。',
      okText: '确认制发',
      cancelText: '再检查一下',
      onOk: () => submit({ payload: JSON.stringify(valid), subject: subject?.param ?? '', csrf }, { method: 'post' }),
    })
  }, [autosave, message, modal, submit, subject, csrf, form.title])

  const migrate = useCallback(async () => {
    if (!offer) return
    // The draft on the server is what moves: what was typed reaches it first.
    if (!(await autosave.flush())) {
      message.warning('草稿尚未保存到服务器，请稍后再迁移。')
      return
    }
    submit({ intent: 'migrate-draft', revision: String(autosave.currentRevision()), toVersion: String(offer.toVersion), subject: subject?.param ?? '', csrf }, { method: 'post' })
  }, [autosave, csrf, message, offer, subject, submit])

  const { state } = autosave
  return (
    <div className="zf-form-page">
      <h1 className="zf-page-title">{form.title}</h1>
      <p className="zf-page-lead">
        {typeof form.schema.description === 'string' ? <>{form.schema.description}<br /></> : null}
        制作机关：{organName}{subject ? ` · ${subject.label}` : ''}
      </p>
      {pdfAvailable ? null : <Alert type="warning" showIcon className="zf-form-alert" data-testid="pdf-unavailable" title="暂不能生成 PDF" description="PDF 转换服务（LibreOffice）当前不可用：文书照常编号制发，只生成 DOCX 文件。" />}
      {autosave.restored ? <Alert type="info" showIcon className="zf-form-alert" title="已恢复本机上尚未保存的内容，正在保存到服务器。" /> : null}
      {offer ? <DraftVersionNotice offer={offer} formTitle={form.title} busy={busy} error={refusal?.migrationError} onMigrate={migrate} /> : null}
      {draft?.olderVersion && !offer ? <Alert type="warning" showIcon className="zf-form-alert" title="此文书的表单已更新，草稿已按新版表单显示，请核对后再提交。" /> : null}
      {state.kind === 'conflict' ? (
        <Alert
          type="error" showIcon className="zf-form-alert" data-testid="draft-conflict"
          title="草稿已在其他标签页或设备上修改"
          description={state.onLoad
            ? '本机有尚未保存的内容，但服务器上的草稿此后已被更新。请选择保留哪一份。'
            : '为避免覆盖那边的修改，本页已暂停自动保存。请选择保留哪一份；本页内容仍暂存在本机。'}
          action={
            <Space direction="vertical">
              <Button size="small" type="primary" onClick={() => autosave.keepMine(state.currentRevision)}>保留{state.onLoad ? '本机' : '本页'}内容</Button>
              <Button size="small" onClick={autosave.takeTheirs}>载入最新草稿</Button>
            </Space>
          }
        />
      ) : null}
      {state.kind === 'signed-out' ? <Alert type="error" showIcon className="zf-form-alert" title="登录已失效" description={<>内容已暂存在本机。请<Link to={`/login?redirectTo=${encodeURIComponent(`/documents/new/${form.key}${subject ? `?subject=${subject.param}` : ''}`)}`}>重新登录</Link>，回到本页后将自动保存。</>} /> : null}
      {state.kind === 'failed' ? <Alert type="error" showIcon className="zf-form-alert" title={`草稿未能保存：${state.message}`} description="内容已暂存在本机，稍后将自动重试。" /> : null}
      {result?.formError ? (
        <Alert type="error" showIcon className="zf-form-alert" data-testid="form-error" title={result.formError}
          description={server.formErrors.length ? server.formErrors.join('；') : undefined} />
      ) : null}
      <div className="zf-section" data-hydrated={hydrated}>
        <StatutoryForm
          schema={form.schema} uiSchema={form.uiSchema} formData={formData} onChange={onChange} onSubmit={onSubmit}
          onInvalid={(count) => message.error(`还有 ${count} 处需要填写或修改，已在表单中标红。`)}
          extraErrors={result?.fieldErrors?.length ? server.schema : undefined}
          disabled={state.kind === 'conflict' && state.onLoad}
        >
          <div className="zf-form-footer">
            <DraftStatus state={state} hasServerDraft={draft !== null} />
            <Button type="primary" htmlType="submit" size="large" loading={busy} data-testid="issue-button">提交并制发</Button>
          </div>
        </StatutoryForm>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
