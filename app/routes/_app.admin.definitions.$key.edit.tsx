/**
 * 流程建模: a process administrator edits the active version of a procedure
 * (or a new one from a template) on a bpmn-js canvas, sees the deploy
 * check's problems on the elements while editing, and publishes with a
 * change note — a new version through the catalog's import (publish.server.ts),
 * re-checked on the server. The modeler is a browser-only module loaded
 * lazily after hydration: the server never imports bpmn-js and no other
 * page's bundle carries it.
 */
import { lazy, Suspense, useEffect, useRef, useState } from 'react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useFetcher, useLoaderData } from '@remix-run/react'
import { Alert, Button, Input, Space, Tag } from 'antd'
import { z } from 'zod'
import type { DefinitionProblem } from '../../engine/errors.ts'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { actionError, formFields, orRespond, redirectWithNotice } from '../utils/http.server.ts'
import { catalog } from '../services/catalog/runtime.server.ts'
import { workflow } from '../services/workflow/runtime.server.ts'
import { studioReference } from '../services/studio/studio-reference.server.ts'
import { studioSource } from '../services/studio/studio-source.server.ts'
import { publishDefinition } from '../services/studio/publish.server.ts'
import { InvalidInput } from '../services/errors.ts'
import { useCsrfToken } from '../root.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'
import type { StudioModelerHandle } from '../components/studio/modeler.client.tsx'
import { SimulationPanel } from '../components/studio/simulation-panel.tsx'
import { shanghaiDate } from '../../engine/calendar/dates.ts'

const StudioModeler = lazy(() => import('../components/studio/modeler.client.tsx'))

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `流程建模 · ${loaded?.name ?? ''} · 执法` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'ProcessDefinition')
  const url = new URL(request.url)
  const template = url.searchParams.get('template')
  const source = await orRespond(studioSource(db, catalog(), params.key ?? '', template ? { key: template, name: url.searchParams.get('name') ?? '' } : null))
  return { ...source, reference: await studioReference(db, catalog()), today: shanghaiDate(clock.now()) }
}

const schema = z.object({
  intent: z.literal('publish'),
  xml: z.string().min(1, '流程图为空').max(1_000_000, '流程图过大'),
  note: z.string().trim().min(1, '请填写变更说明：为什么改').max(500, '变更说明最多 500 字'),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requirePermission(request, 'manage', 'ProcessDefinition')
  const parsed = schema.safeParse(await formFields(request))
  if (!parsed.success) return actionError(new InvalidInput(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), [i.message]]))))
  const key = params.key ?? ''
  const result = await publishDefinition({ db, clock, workflow: workflow(), catalog: catalog() }, { key, xml: parsed.data.xml, note: parsed.data.note, actor })
  if (!result.ok) return data({ problems: result.problems }, { status: 400 })
  const notice = result.unchanged ? `流程「${key}」没有变化，生效版本仍为 v${result.version}` : `已发布流程「${key}」v${result.version}，现为生效版本`
  return redirectWithNotice(request, `/admin/definitions/${key}`, notice)
}

/** Renders children only after hydration: the modeler needs the browser. */
function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return hydrated
}

type ActionResult = { problems?: DefinitionProblem[]; formError?: string; fieldErrors?: Record<string, string[]> }

export default function DefinitionEditPage() {
  const { key, name, xml, version, template, reference, today } = useLoaderData<typeof loader>()
  const hydrated = useHydrated()
  const modeler = useRef<StudioModelerHandle>(null)
  const fetcher = useFetcher<ActionResult>()
  const csrf = useCsrfToken()
  const [note, setNote] = useState('')
  const [noteError, setNoteError] = useState<string | null>(null)
  // The XML being simulated: taken from the canvas when asked, so editing does not rerun the walk at each change.
  const [simulated, setSimulated] = useState<{ xml: string; run: number } | null>(null)
  const busy = fetcher.state !== 'idle'
  const result = fetcher.data
  const fieldErrors = result?.fieldErrors ? Object.values(result.fieldErrors).flat() : []

  async function publish() {
    if (!note.trim()) {
      setNoteError('请填写变更说明：为什么改')
      return
    }
    setNoteError(null)
    const current = await modeler.current?.saveXML()
    if (!current) return
    fetcher.submit({ intent: 'publish', csrf, note, xml: current }, { method: 'post' })
  }

  return (
    <>
      <h1 className="zf-page-title">流程建模：{name}</h1>
      <div style={{ marginBottom: 12 }}>
        <Space wrap>
          <Tag>{key}</Tag>
          {version ? <Tag color="blue">打开的是生效版本 v{version}</Tag> : <Tag color="orange">新流程，以「{template}」为模板</Tag>}
          <Link to={`/admin/definitions/${key}`}>版本记录</Link>
          <Link to="/admin/definitions">全部流程</Link>
        </Space>
      </div>
      {hydrated ? (
        <Suspense fallback={<p>正在加载建模器……</p>}>
          <StudioModeler ref={modeler} xml={xml} reference={reference} rename={version ? undefined : { key, name }} serverProblems={result?.problems} />
        </Suspense>
      ) : (
        <p>正在加载建模器……（建模器需要启用 JavaScript）</p>
      )}
      <section className="zf-section">
        <h2>模拟办理</h2>
        <p>按所选日期和工作日历走一遍当前流程图（尚未发布的修改也在内），看每一步的角色、期限、制作的文书和经过的法定环节。</p>
        <Button onClick={() => void modeler.current?.saveXML().then((current) => setSimulated((s) => ({ xml: current, run: (s?.run ?? 0) + 1 })))} disabled={!hydrated} data-testid="simulate-current">
          {simulated ? '按当前流程图重新模拟' : '按当前流程图模拟'}
        </Button>
        {simulated ? <SimulationPanel key={simulated.run} source={{ xml: simulated.xml }} defaultStart={today} /> : null}
      </section>
      <section className="zf-section">
        <h2>发布</h2>
        <p>发布后成为新的生效版本；进行中的事项沿用开启时的版本。服务器会再次检查，有问题则不发布。</p>
        <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder="变更说明（必填）：为什么改" data-testid="publish-note" maxLength={500} />
        {noteError || fieldErrors.length ? <Alert type="error" showIcon message={noteError ?? fieldErrors.join('；')} style={{ marginTop: 8 }} /> : null}
        {result?.problems ? (
          <Alert type="error" showIcon data-testid="publish-refused" style={{ marginTop: 8 }} message={`未发布：服务器检查发现 ${result.problems.length} 处问题，已在图中标出`}
            description={<ul>{result.problems.map((p, i) => <li key={i}>{p.elementId ? `(${p.elementId}) ` : ''}{p.message}</li>)}</ul>} />
        ) : null}
        <div style={{ marginTop: 8 }}>
          <Button type="primary" onClick={() => void publish()} loading={busy} disabled={!hydrated} data-testid="publish">发布新版本</Button>
        </div>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
