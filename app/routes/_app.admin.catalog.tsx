/**
 * 配置目录: process administrators see every configuration item with its
 * version in force, its shipped baseline and a 可更新 baseline (with the diff
 * it would bring) to adopt; they import a folder or zip written by
 * `catalog export` — checked whole, then all of it or nothing (ADR 025).
 * The statutory gates are listed read-only: only a release changes them.
 */
import { useState } from 'react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Button, Input, Table, Tag } from 'antd'
import { z } from 'zod'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { actionError, formFields, redirectWithNotice } from '../utils/http.server.ts'
import { workflow } from '../services/workflow/runtime.server.ts'
import { catalog } from '../services/catalog/runtime.server.ts'
import { catalogOverview } from '../services/catalog/overview.server.ts'
import { adoptBaseline, baselineDiff } from '../services/catalog/adopt.server.ts'
import { formatDiff } from '../services/catalog/line-diff.ts'
import { filesOfZip, importUploaded, type UploadedFile } from '../services/catalog/upload.server.ts'
import { CATALOG_KINDS } from '../services/catalog/kinds.ts'
import { InvalidInput } from '../services/errors.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'
import { fileBase64 } from '../utils/file-base64.ts'

export const meta: MetaFunction = () => [{ title: '配置目录 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'ProcessDefinition')
  const overview = await catalogOverview(db)
  const offers = await Promise.all(overview.items.filter((i) => i.availableVersion).map(async (i) => {
    const offer = await baselineDiff(db, i.kind, i.key)
    return { id: `${i.kind}:${i.key}`, diff: offer ? formatDiff(offer.diff) : '' }
  }))
  return { ...overview, diffs: Object.fromEntries(offers.map((o) => [o.id, o.diff])) }
}

const schema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('adopt'), kind: z.enum(CATALOG_KINDS), key: z.string().min(1).max(100) }),
  z.object({
    intent: z.literal('import'),
    note: z.string().trim().min(1, '请填写变更说明').max(500),
    // The chosen files as JSON [{path, base64}] or one zip in base64, read by the page's script.
    files: z.string().min(1, '请选择导出的目录或 zip 文件'),
  }),
])

function uploaded(files: string): UploadedFile[] {
  try {
    const list = JSON.parse(files) as Array<{ path: string; base64: string }>
    if (!Array.isArray(list)) throw new Error('not a list')
    if (list.length === 1 && list[0]!.path.toLowerCase().endsWith('.zip')) return filesOfZip(Buffer.from(list[0]!.base64, 'base64'))
    return list.map((f) => ({ path: String(f.path), bytes: Buffer.from(String(f.base64), 'base64') }))
  } catch (error) {
    if (error instanceof InvalidInput) throw error
    throw new InvalidInput({ files: ['无法读取所选文件，请重新选择。'] })
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requirePermission(request, 'manage', 'ProcessDefinition')
  const parsed = schema.safeParse(await formFields(request))
  if (!parsed.success) return actionError(new InvalidInput(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), [i.message]]))))
  try {
    if (parsed.data.intent === 'adopt') {
      const version = await adoptBaseline(db, parsed.data.kind, parsed.data.key, actor, clock)
      await catalog().reload()
      return redirectWithNotice(request, '/admin/catalog', `已采用「${parsed.data.key}」的基线版本 v${version}`)
    }
    const result = await importUploaded({ db, clock, workflow: workflow(), catalog: catalog() }, uploaded(parsed.data.files), { note: parsed.data.note, actor })
    if (!result.ok) return { problems: result.problems }
    return redirectWithNotice(request, '/admin/catalog', `导入完成：${result.activated.length} 项生效，${result.unchanged.length} 项未变`)
  } catch (error) {
    return actionError(error)
  }
}

function FilesPicker() {
  const [files, setFiles] = useState('')
  const [count, setCount] = useState(0)
  async function choose(list: FileList | null) {
    const chosen = [...(list ?? [])]
    const read = await Promise.all(chosen.map(async (f) => ({ path: f.webkitRelativePath || f.name, base64: await fileBase64(f) })))
    setFiles(read.length ? JSON.stringify(read) : '')
    setCount(read.length)
  }
  return (
    <p>
      <label>选择 zip 文件：<input type="file" accept=".zip,application/zip" data-testid="catalog-zip" onChange={(e) => void choose(e.target.files)} /></label>
      {' 或 '}
      <label>选择导出的目录：<input type="file" multiple data-testid="catalog-folder" {...{ webkitdirectory: '' }} onChange={(e) => void choose(e.target.files)} /></label>
      <input type="hidden" name="files" value={files} />
      {count ? <span> 已选 {count} 个文件</span> : null}
    </p>
  )
}

export default function CatalogPage() {
  const { items, gates, diffs } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const problems = result && 'problems' in result ? result.problems : null
  const fieldErrors = result && 'fieldErrors' in result ? (result.fieldErrors as Record<string, string[]>) : null
  return (
    <>
      <h1 className="zf-page-title">配置目录</h1>
      <section className="zf-section">
        <h2>导入配置</h2>
        <p>导入由 <code>npm run zhifa -- catalog export</code> 导出的目录。全部检查通过（流程定义的部署检查与法定环节、表单编译、示例校验、模板生成）后一次生效；有任何问题则什么都不改。</p>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="import" />
          <FilesPicker />
          <p><Input.TextArea name="note" rows={2} placeholder="变更说明（必填）：为什么改" data-testid="catalog-note" /></p>
          {fieldErrors ? <Alert type="error" showIcon message={Object.values(fieldErrors).flat().join('；')} style={{ marginBottom: 12 }} /> : null}
          {problems ? (
            <Alert type="error" showIcon data-testid="catalog-problems" style={{ marginBottom: 12 }} message={`未导入任何内容：${problems.length} 处问题`}
              description={<ul>{problems.map((p) => <li key={p}>{p}</li>)}</ul>} />
          ) : null}
          <Button type="primary" htmlType="submit" loading={busy}>检查并导入</Button>
        </Form>
      </section>
      <section className="zf-section">
        <h2>配置项</h2>
        <Table
          rowKey={(r) => `${r.kind}:${r.key}`} size="small" dataSource={items} pagination={{ pageSize: 50 }} data-testid="catalog-items"
          columns={[
            { title: '类别', dataIndex: 'kindTitle' },
            { title: '键', dataIndex: 'key' },
            { title: '生效版本', render: (_, r) => `v${r.activeVersion}` },
            { title: '基线版本', render: (_, r) => (r.baselineVersion ? `v${r.baselineVersion}` : '—') },
            {
              title: '可更新', render: (_, r) => (r.availableVersion ? (
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="adopt" />
                  <input type="hidden" name="kind" value={r.kind} />
                  <input type="hidden" name="key" value={r.key} />
                  <Tag color="orange">v{r.availableVersion}</Tag>
                  <details><summary>查看差异</summary><pre style={{ maxHeight: 320, overflow: 'auto' }}>{diffs[`${r.kind}:${r.key}`]}</pre></details>
                  <Button size="small" htmlType="submit">采用</Button>
                </Form>
              ) : null),
            },
            { title: '最近修改', render: (_, r) => `${r.updatedByName ?? '系统'} ${r.updatedAt.slice(0, 10)}` },
            { title: '进行中的事项', render: (_, r) => (r.kind === 'definition' ? <Link to={`/admin/definitions/${r.key}/move`}>迁移到生效版本</Link> : null) },
          ]}
        />
      </section>
      <section className="zf-section">
        <h2>法定环节（只读）</h2>
        <p>法定环节由法规确定，不能在系统中修改，只随版本发布更改。</p>
        <ul data-testid="catalog-gates">{gates.map((g) => <li key={g.key}><strong>{g.title}</strong>：{g.basis}</li>)}</ul>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
