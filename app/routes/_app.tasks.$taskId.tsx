import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import { Alert, App as AntApp, Button, Card, Descriptions, Input, Select, Space, Tag } from 'antd'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { requireActor } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { actionError, formFields, orRespond, redirectWithNotice } from '../utils/http.server.ts'
import { claimStep, completeStep, mayCompleteRow, taskPage, transferStep, withdrawStep } from '../services/workflow/tasks.server.ts'
import { workflow } from '../services/workflow/runtime.server.ts'
import { catalogNumbering } from '../services/catalog/runtime.server.ts'
import { formsRuntime } from '../services/documents/runtime.server.ts'
import { loadDraft } from '../services/documents/drafts.server.ts'
import { draftVersionOffer, migrateDraft } from '../services/documents/draft-migration.server.ts'
import { migrateDraftSchema, respondToMigration } from '../utils/draft-migration.server.ts'
import { InvalidForm as DocumentInvalidForm } from '../services/documents/errors.ts'
import { InvalidForm as EngineInvalidForm } from '../../engine/index.ts'
import { z } from '../utils/zod-zh.ts'
import { InvalidInput } from '../services/errors.ts'
import { useCsrfToken } from '../root.tsx'
import { CsrfInput } from '../components/csrf-input.tsx'
import { initialFormData, StatutoryForm } from '../components/statutory-form/statutory-form.tsx'
import { DraftStatus } from '../components/statutory-form/draft-status.tsx'
import { DraftVersionNotice } from '../components/statutory-form/draft-version-notice.tsx'
import { useDraftAutosave } from '../components/statutory-form/use-draft-autosave.ts'
import { serverErrorSchema } from '../components/statutory-form/rjsf-zh.ts'
import { pruneEmptyOptional } from '../components/statutory-form/prune.ts'
import { changedFacts, CorrectEarlierRecord, withFactSources } from '../components/statutory-form/fact-sources.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'
import { AttendanceEditor, CommitteeStatus, initialAttendance, type Attendance, type CommitteeView } from '../components/committee-meeting.tsx'
import { CommitteeDecisionIncomplete, confirmMinutes, MinutesChanged, MinutesInvalid, recordMinutes } from '../services/workflow/committee.server.ts'
import { ProvisionalTag } from '../components/provisional-tag.tsx'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.page.task.name ?? '办理'} · 执法` }]

function ctx() {
  return { db, clock, workflow: workflow(), registry: formsRuntime().registry, numbering: catalogNumbering() }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, ability } = await requireActor(request)
  const page = await orRespond(taskPage(ctx(), actor, ability, params.taskId!))
  const place = { formKey: page.task.form, taskId: page.task.id }
  const draft = page.form && page.actions.complete ? await loadDraft(db, actor, place) : null
  // A newer version of the step's form is in force than the one the matter uses (docs/decisions/039).
  const offer = draft ? await draftVersionOffer(db, formsRuntime().registry, actor, place) : null
  return {
    page,
    draft: draft ? { revision: draft.revision, data: draft.data } : null,
    offer,
    storageKey: `zhifa.draft:${actor.id}:task:${page.task.id}`,
  }
}

const intentSchema = z.object({
  intent: z.enum(['complete', 'claim', 'transfer', 'withdraw', 'record-minutes', 'confirm-minutes', 'migrate-draft']),
  outcome: z.string().max(40).optional(),
  comment: z.string().max(2000).optional(),
  payload: z.string().max(600_000).optional(),
  userId: z.string().max(60).optional(),
  attendance: z.string().max(100_000).optional(),
  /** JSON list of the case facts whose earlier record the user chose to correct. */
  corrections: z.string().max(2000).optional(),
  /** migrate-draft: the draft's revision the page's text is based on, and the version offered. */
  revision: z.string().max(12).optional(),
  toVersion: z.string().max(12).optional(),
})

const correctionsSchema = z.array(z.string().regex(/^[A-Za-z]{1,40}$/)).max(20)

function parsedJson(text: string | undefined, field: string): unknown {
  try {
    return JSON.parse(text ?? '')
  } catch {
    throw new InvalidInput({ [field]: ['内容无法读取，请刷新页面后重试'] })
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireActor(request)
  const parsed = intentSchema.safeParse(await formFields(request))
  if (!parsed.success) throw new Response('无法识别的操作', { status: 400 })
  const input = parsed.data
  const taskId = params.taskId!
  if (input.intent === 'migrate-draft') {
    const migration = migrateDraftSchema.safeParse(input)
    if (!migration.success) throw new Response('无法识别的操作', { status: 400 })
    // Only someone who may complete the step keeps (and moves) a draft of it, as for saving one.
    const task = await db.task.findUnique({ where: { id: taskId } })
    if (!task) throw new Response('该环节不存在', { status: 404 })
    if (!(await mayCompleteRow(db, actor, task, clock.now()))) throw new Response('该环节不由您办理，或已办结', { status: 403 })
    return respondToMigration(request, () => migrateDraft(db, formsRuntime().registry, clock, actor, { formKey: task.form, taskId: task.id }, migration.data))
  }
  try {
    switch (input.intent) {
      case 'complete': {
        const corrections = input.corrections ? correctionsSchema.safeParse(parsedJson(input.corrections, 'corrections')) : null
        if (corrections && !corrections.success) throw new InvalidInput({ corrections: ['要更正的原记录无法识别，请刷新页面后重试'] })
        const done = await completeStep(ctx(), actor, taskId, { ...input, corrections: corrections?.data })
        const matterLink = done.businessKey ? `/matters/${done.businessKey}` : '/tasks'
        const corrected = done.corrected.map((c) => c.request
          ? `已开启更改申请 ${c.request.number}，经审核、审批后更正原记录的${c.titles.join('、')}`
          : `已更正草稿中的${c.titles.join('、')}`)
        return redirectWithNotice(request, matterLink, [input.outcome === 'return' ? `已退回「${done.name}」` : `已办理「${done.name}」`, ...corrected].join('；'))
      }
      case 'claim':
        await claimStep(ctx(), actor, taskId)
        return redirectWithNotice(request, `/tasks/${taskId}`, '已签收，该环节由您办理')
      case 'transfer':
        await transferStep(ctx(), actor, taskId, input)
        return redirectWithNotice(request, '/tasks', '已转办')
      case 'record-minutes': {
        await recordMinutes(ctx(), actor, taskId, { payload: parsedJson(input.payload, 'payload'), attendance: parsedJson(input.attendance, 'attendance') as Attendance })
        return redirectWithNotice(request, `/tasks/${taskId}`, '会议纪要已保存，已通知出席人员登录系统确认')
      }
      case 'confirm-minutes':
        await confirmMinutes(ctx(), actor, taskId)
        return redirectWithNotice(request, `/tasks/${taskId}`, '您已确认会议纪要')
      case 'withdraw': {
        const reopened = await withdrawStep(ctx(), actor, taskId, input.comment)
        return redirectWithNotice(request, `/tasks/${reopened.id}`, '已撤回，请修改后重新提交')
      }
    }
  } catch (error) {
    // The committee's decision is not complete yet: stay on the step and say what is missing.
    if (error instanceof CommitteeDecisionIncomplete || error instanceof MinutesChanged) {
      return data({ formError: error.message, fieldErrors: {} as Record<string, string[]> }, { status: 409 })
    }
    if (error instanceof EngineInvalidForm || error instanceof DocumentInvalidForm || error instanceof MinutesInvalid) {
      const fieldErrors = error instanceof DocumentInvalidForm ? error.errors : error.fieldErrors
      return data({ formError: '提交未成功，表单有需要修改的地方，请查看标红的栏目。', fieldErrors: {} as Record<string, string[]>, formFieldErrors: fieldErrors }, { status: 400 })
    }
    return actionError(error)
  }
}

type ActionResult = { formError?: string; fieldErrors?: Record<string, string[]>; formFieldErrors?: Array<{ path: string; message: string }>; migrationError?: string }

function DueTag({ task }: { task: { dueDate: string | null; dueProvisional: boolean; overdue: boolean; remainingWorkingDays: number | null; status: string } }) {
  if (task.status !== 'open' || !task.dueDate) return null
  if (task.overdue) return <Tag color="red" data-testid="overdue">已逾期（期限 {task.dueDate}）</Tag>
  return (
    <>
      <Tag color="blue" data-testid="due-date">期限 {task.dueDate}{task.remainingWorkingDays !== null ? ` · 剩 ${task.remainingWorkingDays} 个工作日` : ''}</Tag>
      <ProvisionalTag show={task.dueProvisional} />
    </>
  )
}

function OutcomeButtons({ outcomes, busy, onChoose }: { outcomes: Array<{ key: string; title: string; needsComment: boolean }>; busy: boolean; onChoose?: (key: string) => void }) {
  if (outcomes.length === 0) return <Button type="primary" htmlType="submit" size="large" loading={busy} name="outcome" value="" data-testid="submit-step">提交</Button>
  return (
    <Space wrap>
      {outcomes.map((o) => (
        <Button key={o.key} htmlType="submit" size="large" name="outcome" value={o.key} loading={busy} onClick={() => onChoose?.(o.key)}
          type={o.needsComment ? 'default' : 'primary'} danger={o.needsComment} data-testid={`outcome-${o.key}`}>
          {o.title}
        </Button>
      ))}
    </Space>
  )
}

/** The committee step's first button: record the minutes for the attendees to confirm (not an outcome). */
const RECORD_MINUTES = '__record-minutes'

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>

function DocumentStep({ page, draft, offer, storageKey, result }: { page: Loaded['page']; draft: Loaded['draft']; offer: Loaded['offer']; storageKey: string; result: ActionResult | undefined }) {
  const form = page.form!
  const csrf = useCsrfToken()
  const submit = useSubmit()
  const busy = useNavigation().state !== 'idle'
  const { message } = AntApp.useApp()
  const outcome = useRef<string>('')
  const [comment, setComment] = useState('')
  const committee = page.committee as CommitteeView | null
  const [attendance, setAttendance] = useState<Attendance>(() => (committee ? initialAttendance(committee) : { attendees: [] }))
  const initial = useMemo(() => pruneEmptyOptional(initialFormData(form.definition.schema, draft?.data ?? form.initialData), form.definition.schema), [form, draft])
  const [formData, setFormData] = useState<unknown>(initial)
  const autosave = useDraftAutosave({
    saveUrl: `/tasks/${page.task.id}/draft`, storageKey, subject: null, csrf,
    serverDraft: draft ? { revision: draft.revision, data: initial } : null,
    onRestore: setFormData,
  })
  const server = useMemo(() => serverErrorSchema(result?.formFieldErrors ?? []), [result])
  // Browser tests wait for this before typing (a page that has not hydrated would drop their input).
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  const onChange = useCallback((next: unknown) => {
    const value = pruneEmptyOptional(next, form.definition.schema)
    setFormData(value)
    autosave.change(value)
  }, [autosave, form.definition.schema])
  const onSubmit = useCallback(async (valid: unknown) => {
    if (!navigator.onLine) {
      message.warning('当前离线：内容已暂存在本机，恢复网络后再提交。')
      return
    }
    const chosen = page.outcomes.find((o) => o.key === outcome.current)
    if (chosen?.needsComment && !comment.trim()) {
      message.warning('退回时须填写退回理由。')
      return
    }
    await autosave.flush()
    if (outcome.current === RECORD_MINUTES) {
      submit({ intent: 'record-minutes', payload: JSON.stringify(valid), attendance: JSON.stringify(attendance), csrf }, { method: 'post' })
      return
    }
    // A prefilled case fact changed here: ask first whether the earlier record is corrected too.
    if (changedFacts(form.facts, valid).length) {
      setAsking({ data: valid, outcome: outcome.current })
      return
    }
    submit({ intent: 'complete', payload: JSON.stringify(valid), outcome: outcome.current, comment, csrf }, { method: 'post' })
  }, [attendance, autosave, comment, csrf, form.facts, message, page.outcomes, submit])
  const [asking, setAsking] = useState<{ data: unknown; outcome: string } | null>(null)
  const answer = useCallback((correct: boolean) => {
    if (!asking) return
    const corrections = correct ? changedFacts(form.facts, asking.data).map((f) => f.fact) : []
    submit({ intent: 'complete', payload: JSON.stringify(asking.data), outcome: asking.outcome, comment, corrections: JSON.stringify(corrections), csrf }, { method: 'post' })
  }, [asking, comment, csrf, form.facts, submit])
  const uiSchema = useMemo(() => withFactSources(form.definition.uiSchema as Record<string, unknown>, form.facts, formData), [form, formData])
  const migrate = useCallback(async () => {
    if (!offer) return
    // The draft on the server is what moves: what was typed reaches it first.
    if (!(await autosave.flush())) {
      message.warning('草稿尚未保存到服务器，请稍后再迁移。')
      return
    }
    submit({ intent: 'migrate-draft', revision: String(autosave.currentRevision()), toVersion: String(offer.toVersion), csrf }, { method: 'post' })
  }, [autosave, csrf, message, offer, submit])
  return (
    <div className="zf-section" data-hydrated={hydrated}>
      {offer ? <DraftVersionNotice offer={offer} formTitle={form.definition.title} busy={busy} error={result?.migrationError} onMigrate={migrate} /> : null}
      {result?.formError ? <Alert type="error" showIcon className="zf-form-alert" data-testid="form-error" message={result.formError} description={server.formErrors.join('；') || undefined} /> : null}
      <StatutoryForm schema={form.definition.schema} uiSchema={uiSchema} formData={formData} onChange={(next) => { setAsking(null); onChange(next) }} onSubmit={onSubmit}
        extraErrors={result?.formFieldErrors?.length ? server.schema : undefined}>
        {committee ? <AttendanceEditor committee={committee} value={attendance} onChange={setAttendance} errors={result?.fieldErrors?.attendance} /> : null}
        {page.outcomes.length > 0 ? (
          <div style={{ margin: '8px 0' }}>
            <label htmlFor="step-comment">办理意见{page.outcomes.some((o) => o.needsComment) ? '（退回时必填）' : ''}</label>
            <Input.TextArea id="step-comment" rows={2} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} />
          </div>
        ) : null}
        {asking ? <CorrectEarlierRecord changed={changedFacts(form.facts, asking.data)} data={asking.data} busy={busy} onAnswer={answer} /> : null}
        <div className="zf-form-footer">
          <DraftStatus state={autosave.state} hasServerDraft={draft !== null} />
          <Space wrap>
            {committee ? (
              <Button htmlType="submit" size="large" loading={busy} onClick={() => { outcome.current = RECORD_MINUTES }} data-testid="record-minutes">
                保存纪要，提请出席人员确认
              </Button>
            ) : null}
            <OutcomeButtons outcomes={page.outcomes} busy={busy} onChoose={(k) => { outcome.current = k }} />
          </Space>
        </div>
      </StatutoryForm>
    </div>
  )
}

type Review = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['page']['review']>

const noop = () => {}

/** A form's data read-only, in the form's own layout (what the document will say). */
function ReadOnlyForm({ definition, data }: { definition: Review['definition']; data: unknown }) {
  const initial = useMemo(() => initialFormData(definition.schema, data), [definition, data])
  return (
    <div className="zf-readonly-form" data-testid="readonly-form">
      <StatutoryForm schema={definition.schema} uiSchema={definition.uiSchema} formData={initial} onChange={noop} onSubmit={noop} disabled>
        <span />
      </StatutoryForm>
    </div>
  )
}

/** What the approver decides on: the draft, what changed since it was returned, and the opinions so far (issue 9). */
function DraftUnderReview({ review }: { review: Review }) {
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="draft-under-review"
      title={<span>待审批的文书：{review.title}（{review.draftName}，{review.drafterName ?? '—'} 报送）</span>}>
      {review.changes ? (
        <Alert type={review.changes.length ? 'warning' : 'info'} showIcon style={{ marginBottom: 12 }} data-testid="draft-changes"
          message={review.changes.length ? `与退回前相比，修改了 ${review.changes.length} 处` : '与退回前相比，内容没有修改'}
          description={review.changes.length ? (
            <ul className="zf-changes">
              {review.changes.map((c) => (
                <li key={c.path}><strong>{c.label}</strong>：<del>{c.before ?? '（空）'}</del> → <ins>{c.after ?? '（空）'}</ins></li>
              ))}
            </ul>
          ) : undefined} />
      ) : null}
      {review.opinions.length ? (
        <Descriptions size="small" column={1} style={{ marginBottom: 12 }} data-testid="earlier-opinions" title="此前的审核审批意见"
          items={review.opinions.map((o, i) => ({ key: String(i), label: `${o.name}（${o.who ?? ''}）`, children: `${o.outcome || '已办理'}${o.comment ? `：${o.comment}` : ''}` }))} />
      ) : null}
      <p style={{ marginTop: 0 }}><a href={`/tasks/${review.draftTaskId}/preview.pdf`} target="_blank" rel="noreferrer" data-testid="draft-pdf">查看 PDF 预览</a></p>
      <ReadOnlyForm definition={review.definition} data={review.data} />
    </Card>
  )
}

function ApprovalStep({ page, result }: { page: ReturnType<typeof useLoaderData<typeof loader>>['page']; result: ActionResult | undefined }) {
  const busy = useNavigation().state !== 'idle'
  return (
    <Form method="post" className="zf-section" noValidate>
      <CsrfInput />
      <input type="hidden" name="intent" value="complete" />
      <label htmlFor="comment">审核审批意见</label>
      <Input.TextArea id="comment" name="comment" rows={3} maxLength={500} showCount placeholder="同意时可不填（默认“同意。”）；退回时须写明理由"
        status={result?.fieldErrors?.comment ? 'error' : undefined} />
      {result?.fieldErrors?.comment ? <div className="zf-field-error" role="alert">{result.fieldErrors.comment.join('；')}</div> : null}
      <div style={{ marginTop: 16 }}>
        <OutcomeButtons outcomes={page.outcomes.length ? page.outcomes : [{ key: 'approve', title: '同意', needsComment: false }]} busy={busy} />
      </div>
    </Form>
  )
}

export default function TaskPage() {
  const { page, draft, offer, storageKey } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as ActionResult | undefined
  const busy = useNavigation().state !== 'idle'
  const { task, matter, actions, candidates, returnedFrom } = page
  const [receiver, setReceiver] = useState<string | undefined>()
  return (
    <>
      <h1 className="zf-page-title">
        {task.name} <DueTag task={task} />
        {task.status === 'completed' ? <Tag color="success">已办理</Tag> : task.status === 'cancelled' ? <Tag>已取消</Tag> : null}
      </h1>
      <div className="zf-section">
        <Descriptions column={{ xs: 1, md: 2 }} items={[
          ...(matter ? [{ key: 'matter', label: '事项', children: <Link to={`/matters/${matter.id}`}>{matter.title}（{matter.number}）</Link> }] : []),
          ...(matter?.partyName ? [{ key: 'party', label: '当事人', children: matter.partyName }] : []),
          ...(page.requestTarget ? [{
            key: 'target', label: '申请所涉文书',
            children: (
              <span data-testid="request-target">
                {page.requestTarget.readable ? <Link to={`/documents/${page.requestTarget.id}`}>{page.requestTarget.number}</Link> : page.requestTarget.number}
                {' '}《{page.requestTarget.title}》 · 制作人 {page.requestTarget.makerName}
              </span>
            ),
          }] : []),
          { key: 'who', label: '办理岗位', children: `${task.departmentName} · ${task.roleTitle}${task.assigneeName ? `（${task.assigneeName}）` : ''}` },
          ...(task.completedByName ? [{ key: 'done', label: '办理人', children: `${task.completedByName} · ${task.outcomeTitle || '已提交'}` }] : []),
          ...(task.comment ? [{ key: 'comment', label: '意见', children: task.comment }] : []),
        ]} />
      </div>
      {returnedFrom && task.status === 'open' ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="returned-reason"
          message={`「${returnedFrom.name}」已退回（${returnedFrom.completedByName}）`} description={`退回理由：${returnedFrom.comment ?? ''}`} />
      ) : null}
      {result?.formError && !result.formFieldErrors ? <Alert type="error" showIcon style={{ marginBottom: 16 }} message={result.formError} data-testid="step-error" /> : null}
      {page.committee ? <CommitteeStatus committee={page.committee as CommitteeView} open={task.status === 'open'} /> : null}

      {task.status === 'open' && actions.claim && !actions.complete ? (
        <Form method="post" className="zf-section"><CsrfInput /><input type="hidden" name="intent" value="claim" />
          <Button type="primary" htmlType="submit" loading={busy}>签收</Button>
        </Form>
      ) : null}
      {page.review ? <DraftUnderReview review={page.review} /> : null}
      {page.contentHidden ? <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="content-hidden" message="本环节的文书内容您无权查阅（第七条）。" /> : null}
      {task.status === 'open' && actions.complete ? (
        // A migrated draft comes back with another version of the form: the form starts again from it.
        page.form ? <DocumentStep key={page.form.definition.version} page={page} draft={draft} offer={offer} storageKey={storageKey} result={result} /> : <ApprovalStep page={page} result={result} />
      ) : null}
      {task.status !== 'open' && page.form ? <ReadOnlyForm definition={page.form.definition} data={page.form.initialData} /> : null}
      {task.status === 'open' && !actions.complete && !actions.claim ? (
        <Alert type="info" showIcon message="该环节由其他人员办理，您可以查看进展。" style={{ marginBottom: 16 }} />
      ) : null}

      {task.status === 'open' && actions.transfer ? (
        <Card title="转办" size="small" style={{ marginBottom: 16 }}>
          <Form method="post" noValidate>
            <CsrfInput />
            <input type="hidden" name="intent" value="transfer" />
            <Space wrap style={{ width: '100%' }}>
              <Select placeholder="选择接办人" value={receiver} onChange={setReceiver} style={{ minWidth: 180 }}
                options={candidates.map((c) => ({ value: c.id, label: c.name }))} data-testid="select-receiver" />
              <input type="hidden" name="userId" value={receiver ?? ''} />
              <Input name="comment" placeholder="转办理由（必填）" maxLength={200} style={{ minWidth: 200 }} aria-label="转办理由" />
              <Button htmlType="submit" loading={busy}>转办</Button>
            </Space>
            {result?.fieldErrors?.userId || result?.fieldErrors?.comment ? (
              <div className="zf-field-error" role="alert">{[...(result.fieldErrors.userId ?? []), ...(result.fieldErrors.comment ?? [])].join('；')}</div>
            ) : null}
          </Form>
        </Card>
      ) : null}

      {actions.withdraw ? (
        <Card title="撤回" size="small">
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="withdraw" />
            <p style={{ marginTop: 0 }}>下一环节尚无人办理时，可撤回本次提交，修改后重新提交。</p>
            <Space wrap>
              <Input name="comment" placeholder="撤回说明（可选）" maxLength={200} aria-label="撤回说明" />
              <Button htmlType="submit" loading={busy} data-testid="withdraw">撤回</Button>
            </Space>
          </Form>
        </Card>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
