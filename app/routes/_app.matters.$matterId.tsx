import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Alert, Button, Card, Descriptions, Empty, List, Space, Tag, Timeline } from 'antd'
import diagramStyles from 'bpmn-js/dist/assets/diagram-js.css?url'
import minimapStyles from 'diagram-js-minimap/assets/diagram-js-minimap.css?url'
import { requireActor } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { actionError, formFields, orRespond } from '../utils/http.server.ts'
import { matterView } from '../services/matters/matter-view.server.ts'
import { endedInHandOver, mayOpenCaseFor } from '../services/matters/hand-over.server.ts'
import { caseDeadlinePanel, requestCaseExtension } from '../services/matters/case-extension.server.ts'
import { workflow } from '../services/workflow/runtime.server.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { matterKind } from '../reference/matters.ts'
import { BpmnDiagram } from '../components/bpmn-diagram.tsx'
import { ButtonLink } from '../components/button-link.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'
import { ProvisionalTag } from '../components/provisional-tag.tsx'
import { useRefreshWhilePending } from '../components/document-summary.tsx'
import { documentNumberText } from '../reference/document-number.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: diagramStyles }, { rel: 'stylesheet', href: minimapStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.view.matter.number ?? '事项'} · 执法` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, ability } = await requireActor(request)
  const view = await orRespond(matterView(db, clock, ability, actor, params.matterId!))
  const handOver = (await endedInHandOver(db, view.matter)) && mayOpenCaseFor(ability, view.matter)
  const deadline = view.matter.kind === 'penalty-case' ? await caseDeadlinePanel(db, actor, view.matter.id, clock.now()) : null
  return { view, handOver, deadline }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, ability } = await requireActor(request)
  const fields = await formFields(request)
  if (fields.intent !== 'request-extension') throw new Response('未知操作', { status: 400 })
  try {
    const taskId = await requestCaseExtension({ db, clock, workflow: workflow() }, ability, actor, params.matterId!)
    return redirect(`/tasks/${taskId}`)
  } catch (error) {
    return actionError(error)
  }
}

function shanghaiTime(iso: string) {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 16)
}

const timelineColors: Record<string, string> = { opened: 'blue', reached: 'gray', completed: 'green', returned: 'red', cancelled: 'gray', document: 'purple', gate: 'green', transferred: 'orange', claimed: 'blue', moved: 'cyan' }

export default function MatterPage() {
  const { view, handOver, deadline } = useLoaderData<typeof loader>()
  const refused = useActionData<typeof action>()
  const { matter, party, officers, openTasks, documents, timeline, diagram, parent, children } = view
  const kind = matterKind(matter.kind)
  const variant = kind?.variants?.find((v) => v.key === matter.variant)?.title
  // A document a step just issued has its files made after commit: the list updates itself.
  useRefreshWhilePending(documents.some((d) => d.renderStatus === 'pending'))
  return (
    <>
      <h1 className="zf-page-title">
        {matter.title}{' '}
        {matter.status === 'open' ? <Tag color="processing">办理中</Tag> : <Tag color="success">已办结</Tag>}
      </h1>
      <div className="zf-section">
        <Descriptions column={{ xs: 1, md: 2 }} items={[
          { key: 'number', label: '编号', children: <span data-testid="matter-number">{matter.number}</span> },
          { key: 'kind', label: '类型', children: `${kind?.title ?? matter.kind}${variant ? ` · ${variant}` : ''}` },
          { key: 'dept', label: '办理部门', children: matter.departmentName },
          { key: 'opened', label: '开启', children: `${matter.createdByName} · ${shanghaiTime(matter.createdAt)}` },
          ...(party ? [{ key: 'party', label: '当事人', children: `${party.name}（${party.creditCode}）` }] : []),
          ...(officers.length ? [{ key: 'officers', label: '执法人员', children: officers.map((o) => `${o.displayName}${o.certificateNo ? `（${o.certificateNo}）` : ''}`).join('、') }] : []),
          ...(parent ? [{ key: 'parent', label: '来源事项', children: <Link to={`/matters/${parent.id}`}>{parent.title}（{parent.number}）</Link> }] : []),
        ]} />
        {children.length ? (
          <p>后续事项：{children.map((c) => <Link key={c.id} to={`/matters/${c.id}`} style={{ marginRight: 8 }}>{c.title}（{c.number}）</Link>)}</p>
        ) : null}
      </div>

      {handOver ? (
        <Card title="移送立案查处" style={{ marginBottom: 16 }} data-testid="hand-over">
          <p style={{ marginTop: 0 }}>检查发现的违法行为或重大事故隐患需要立案查处（第十条第二款）：以本检查为来源开启案件，当事人和执法人员随之带入。</p>
          <Space wrap>
            <ButtonLink to={`/matters/new?kind=penalty-case&parent=${matter.id}`} type="primary">立案（行政处罚）</ButtonLink>
            <ButtonLink to={`/matters/new?kind=coercion-case&parent=${matter.id}`} type="primary">行政强制</ButtonLink>
          </Space>
        </Card>
      ) : null}

      {deadline ? (
        <Card title="办案期限" style={{ marginBottom: 16 }} data-testid="case-deadline">
          <p style={{ marginTop: 0 }}>
            应于 <strong data-testid="case-deadline-date">{deadline.deadline}</strong> 前作出处理决定
            {deadline.extensions.length ? '（经批准延长）' : `（立案之日 ${deadline.filingDate} 起九十日，行政处罚法第六十条）`}
            {deadline.overdue ? <Tag color="red" style={{ marginLeft: 8 }}>已超过办案期限</Tag> : null}
          </p>
          {deadline.extensions.length ? (
            <List size="small" dataSource={deadline.extensions} data-testid="case-extensions" renderItem={(e) => (
              <List.Item>
                {e.approvedByName} 于 {shanghaiTime(e.approvedAt)} 批准延长至 {e.until}（原期限 {e.from}）{e.documentNumber ? `，${e.documentNumber}` : ''}。理由：{e.reason}
              </List.Item>
            )} />
          ) : null}
          {deadline.pendingTask ? <Alert type="info" showIcon message={<span>延长办案期限申请办理中：<Link to={`/tasks/${deadline.pendingTask.id}`}>{deadline.pendingTask.name}</Link></span>} /> : null}
          {refused && 'formError' in refused ? (
            <Alert type="error" showIcon style={{ marginTop: 8 }} message={Object.values(refused.fieldErrors).flat().join(' ') || refused.formError} />
          ) : null}
          {deadline.mayRequest ? (
            <Form method="post" style={{ marginTop: 8 }}>
              <CsrfInput />
              <input type="hidden" name="intent" value="request-extension" />
              <Button htmlType="submit">申请延长办案期限</Button>
            </Form>
          ) : null}
        </Card>
      ) : null}

      <Card title="当前环节与期限" style={{ marginBottom: 16 }} data-testid="open-tasks">
        {openTasks.length === 0 ? <Empty description={matter.status === 'open' ? '暂无待办环节' : '事项已办结'} /> : (
          <List dataSource={openTasks} renderItem={(t) => (
            <List.Item actions={t.mayAct ? [<ButtonLink key="go" to={`/tasks/${t.id}`} type="primary" size="small">去办理</ButtonLink>] : []}>
              <List.Item.Meta
                title={<Link to={`/tasks/${t.id}`}>{t.name}</Link>}
                description={t.dueDate ? (
                  <span>
                    <span data-testid="due-date">期限 {t.dueDate}</span><ProvisionalTag show={t.dueProvisional} />{' '}
                    {t.overdue ? <Tag color="red" data-testid="overdue">已逾期</Tag> : t.remainingWorkingDays !== null ? <Tag color="blue">剩 {t.remainingWorkingDays} 个工作日</Tag> : null}
                  </span>
                ) : '无办理期限'}
              />
            </List.Item>
          )} />
        )}
      </Card>

      {diagram ? (
        <Card title={`办理流程：${diagram.name}（第 ${diagram.version} 版）`} style={{ marginBottom: 16 }} data-testid="matter-diagram">
          {diagram.nextSteps.length ? (
            <p className="zf-next-steps" data-testid="next-steps">
              下一步：{diagram.nextSteps.map((n) => `${n.end ? '结束：' : ''}${n.name}${n.via ? `（${n.via}）` : ''}`).join('、')}
            </p>
          ) : null}
          <BpmnDiagram xml={diagram.xml} active={diagram.activeElements} done={diagram.doneElements} />
        </Card>
      ) : null}

      <Card title="执法文书" style={{ marginBottom: 16 }} data-testid="matter-documents">
        {documents.length === 0 ? <Empty description="尚未制发文书" /> : (
          <List dataSource={documents} renderItem={(d) => (
            <List.Item actions={[
              d.renderStatus === 'rendered'
                ? <a key="pdf" href={`/documents/${d.id}/${d.hasPdf ? 'pdf' : 'docx'}`}>下载</a>
                : <Tag key="pdf" color={d.renderStatus === 'failed' ? 'error' : 'processing'}>{d.renderStatus === 'failed' ? '文件生成失败' : '文件生成中'}</Tag>,
              <Link key="view" to={`/documents/${d.id}`}>查看</Link>,
            ]}>
              <List.Item.Meta title={`《${d.title}》`} description={`${documentNumberText(d.number)} · ${d.issuedByName} · ${shanghaiTime(d.issuedAt)}`} />
            </List.Item>
          )} />
        )}
      </Card>

      <Card title="办理过程" data-testid="matter-timeline">
        <Timeline items={timeline.map((e) => ({
          color: timelineColors[e.kind] ?? 'gray',
          children: (
            <div>
              <div><Space size={6} wrap><span style={{ color: 'rgba(0,0,0,0.45)' }}>{shanghaiTime(e.at)}</span>{e.who ? <strong>{e.who}</strong> : null}<span>{e.link ? <Link to={e.link}>{e.text}</Link> : e.text}</span></Space></div>
              {e.comment ? <div className="zf-timeline-comment">意见：{e.comment}</div> : null}
            </div>
          ),
        }))} />
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
