/**
 * 表单设计 (issue 13 part 1): a process administrator edits a form's JSON
 * Schema and UI schema side by side — a field list for the common cases and
 * a code view with schema checking and completion — with a live preview at
 * desktop and phone widths. The preview's data is the form's valid example:
 * a required field added here needs a value there. 检查 runs every check
 * without saving; 保存 makes a new version through the catalog, in force at
 * once (matters already open keep theirs, ADR 025). The legal office of the
 * form's owner opens the same page to propose: the same checks, then 提交修改提议
 * for a process administrator to accept or reject (ADR 041); the form's
 * proposals the reader may see are listed under the editor.
 */
import { Component, lazy, Suspense, useEffect, useState, type ReactNode } from 'react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Button, Input, Segmented, Space, Tabs } from 'antd'
import { z } from 'zod'
import { forbidden } from '../utils/auth.server.ts'
import { actionError, orRespond, redirectWithNotice } from '../utils/http.server.ts'
import { formFields } from '../utils/http.server.ts'
import { requireFormStudio, studioDeps } from '../utils/form-studio.server.ts'
import { db } from '../utils/db.server.ts'
import { catalog } from '../services/catalog/runtime.server.ts'
import { checkFormEdit, commonParts, saveFormEdit } from '../services/catalog/form-studio.server.ts'
import { formProposals, proposeFormEdit } from '../services/catalog/form-proposals.server.ts'
import { loadExamples } from '../../forms/_lib/examples.ts'
import { UnknownForm } from '../../forms/_lib/registry.ts'
import type { JsonSchema } from '../../forms/_lib/schema-ref.ts'
import { InvalidInput } from '../services/errors.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'
import { StatutoryForm } from '../components/statutory-form/statutory-form.tsx'
import { pruneEmptyOptional } from '../components/statutory-form/prune.ts'
import { FieldList } from '../components/form-studio/field-list.tsx'
import { ProposalList } from '../components/form-studio/proposal-list.tsx'
import type { Editable } from '../components/form-studio/schema-edit.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? '表单'} · 表单设计 · 执法` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ability, mode } = await requireFormStudio(request, params.key ?? '')
  const forms = catalog().forms
  await catalog().fresh()
  const form = await orRespond(() => forms.get(params.key ?? ''))
  const valid = loadExamples(form).find((e) => e.valid)
  return {
    key: form.key, title: form.manifest.title, version: (form as { version?: number }).version ?? null, mode,
    schema: form.bundledSchema, uiSchema: form.uiSchema, example: valid?.payload ?? {}, commons: commonParts(),
    proposals: await formProposals(db, ability, (k) => (forms.has(k) ? forms.get(k).manifest.title : k), { key: form.key }),
  }
}

const json = (label: string) => z.string().min(2).max(600_000).transform((text, ctx) => {
  try {
    const value = JSON.parse(text) as unknown
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object')
    return value as Record<string, unknown>
  } catch {
    ctx.addIssue({ code: 'custom', message: `${label}不是合法的 JSON 对象` })
    return z.NEVER
  }
})

const schema = z.object({
  intent: z.enum(['check', 'save', 'propose']),
  schema: json('表单结构（JSON Schema）'),
  uiSchema: json('界面设置（UI Schema）'),
  example: json('示例数据'),
  changeNote: z.string().max(500).optional().default(''),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const key = params.key ?? ''
  const { actor, ability, mode } = await requireFormStudio(request, key)
  const parsed = schema.safeParse(await formFields(request))
  if (!parsed.success) return actionError(new InvalidInput({ form: parsed.error.issues.map((i) => i.message) }))
  // A proposer's page has no 保存; a process administrator saves rather than proposes (the rules refuse their proposal).
  if (parsed.data.intent === 'save' && mode !== 'save') throw forbidden()
  const edit = { schema: parsed.data.schema, uiSchema: parsed.data.uiSchema, validExample: parsed.data.example }
  try {
    const deps = await studioDeps(request)
    if (parsed.data.intent === 'check') return { check: await checkFormEdit(deps, key, edit) }
    if (parsed.data.intent === 'propose') {
      const proposed = await proposeFormEdit(deps, { actor, ability }, key, edit, parsed.data.changeNote)
      return redirectWithNotice(request, `/admin/forms/${key}/proposals/${proposed.id}`, `已提交修改提议，等待流程配置管理员采纳${proposed.warnings.length ? `（提示：${proposed.warnings.join('；')}）` : ''}`)
    }
    const saved = await saveFormEdit(deps, actor, key, edit, parsed.data.changeNote)
    return redirectWithNotice(request, `/admin/forms/${key}`, `已保存为第 ${saved.version} 版并生效${saved.warnings.length ? `（提示：${saved.warnings.join('；')}）` : ''}`)
  } catch (error) {
    if (error instanceof UnknownForm) return actionError(new InvalidInput({ form: [`没有表单「${key}」`] }))
    return actionError(error)
  }
}

// CodeMirror is loaded only when the code view is first shown, in the browser.
const JsonCodeEditor = lazy(() => import('../components/form-studio/json-code-editor.client.tsx'))

/** The preview must not take the page down while a schema is half-written in the code view. */
class PreviewBoundary extends Component<{ children: ReactNode; schemaText: string }, { failed: string | null; text: string }> {
  override state = { failed: null as string | null, text: this.props.schemaText }
  static getDerivedStateFromProps(props: { schemaText: string }, state: { text: string }) {
    return props.schemaText === state.text ? null : { failed: null, text: props.schemaText }
  }
  static getDerivedStateFromError(error: Error) { return { failed: error.message } }
  override render() {
    return this.state.failed ? <Alert type="warning" showIcon message={`预览无法显示：${this.state.failed}`} /> : this.props.children
  }
}

function CodeView({ text, onText, metaSchema, label }: { text: string; onText: (t: string) => void; metaSchema?: boolean; label: string }) {
  const [client, setClient] = useState(false)
  useEffect(() => setClient(true), [])
  if (!client) return <pre className="zf-code-fallback">{text}</pre>
  return <Suspense fallback={<p>正在加载代码编辑器…</p>}><JsonCodeEditor value={text} onChange={onText} metaSchema={metaSchema} label={label} /></Suspense>
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2)

export default function FormStudioPage() {
  const loaded = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const [editable, setEditable] = useState<Editable>({ schema: loaded.schema as JsonSchema, uiSchema: loaded.uiSchema as JsonSchema })
  const [texts, setTexts] = useState({ schema: pretty(loaded.schema), uiSchema: pretty(loaded.uiSchema) })
  const [codeError, setCodeError] = useState<string | null>(null)
  const [example, setExample] = useState<unknown>(loaded.example)
  const [width, setWidth] = useState<'desktop' | 'phone'>('desktop')

  const apply = (next: Editable) => {
    setEditable(next)
    setTexts({ schema: pretty(next.schema), uiSchema: pretty(next.uiSchema) })
  }
  const onText = (which: 'schema' | 'uiSchema') => (text: string) => {
    setTexts((t) => ({ ...t, [which]: text }))
    try {
      const value = JSON.parse(text) as JsonSchema
      setEditable((e) => ({ ...e, [which]: value }))
      setCodeError(null)
    } catch (e) {
      setCodeError(`JSON 写法有误：${(e as Error).message}`)
    }
  }
  const check = result && 'check' in result ? result.check : null
  const refused = result && 'fieldErrors' in result ? Object.values(result.fieldErrors as Record<string, string[]>).flat() : null
  const proposing = loaded.mode === 'propose'

  return (
    <>
      <h1 className="zf-page-title">{proposing ? '提出表单修改' : '表单设计'}：{loaded.title}</h1>
      <p>
        <code>{loaded.key}</code> · 生效版本 v{loaded.version ?? '—'} ·{' '}
        {proposing ? null : <><Link to={`/admin/forms/${loaded.key}/template`}>文书模板</Link> · <Link to={`/admin/forms/${loaded.key}/placeholders`}>占位符说明</Link> · </>}
        <Link to="/admin/forms">全部表单</Link>
      </p>
      {proposing ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="propose-mode"
          message="您可以修改字段、预览并检查，然后提交修改提议；流程配置管理员采纳后才生效，结果会通知您。" />
      ) : null}
      <div className="zf-studio">
        <section className="zf-studio-edit">
          <Tabs
            items={[
              { key: 'fields', label: '字段列表', children: <FieldList editable={editable} commons={loaded.commons} onChange={apply} /> },
              { key: 'schema', label: '代码：JSON Schema', children: <CodeView text={texts.schema} onText={onText('schema')} metaSchema label="表单结构 JSON Schema" /> },
              { key: 'ui', label: '代码：UI Schema', children: <CodeView text={texts.uiSchema} onText={onText('uiSchema')} label="界面设置 UI Schema" /> },
            ]}
          />
          {codeError ? <Alert type="error" showIcon message={codeError} data-testid="code-error" /> : null}
        </section>
        <section className="zf-studio-preview" data-testid="studio-preview">
          <Space style={{ marginBottom: 8 }} wrap>
            <strong>预览</strong>
            <Segmented value={width} onChange={(v) => setWidth(v as 'desktop' | 'phone')} options={[{ label: '电脑', value: 'desktop' }, { label: '手机', value: 'phone' }]} />
          </Space>
          <p className="zf-hint">预览中填写的内容就是本表单的合法示例（valid.json），保存前会用它校验，并随新版本保存。</p>
          <div className={width === 'phone' ? 'zf-preview-phone' : 'zf-preview-desktop'} data-testid={`preview-${width}`}>
            <PreviewBoundary schemaText={texts.schema}>
              <StatutoryForm schema={editable.schema} uiSchema={editable.uiSchema} formData={example} onChange={setExample} onSubmit={() => undefined}>
                <span />
              </StatutoryForm>
            </PreviewBoundary>
          </div>
        </section>
      </div>
      <Form method="post" className="zf-section">
        <CsrfInput />
        <input type="hidden" name="schema" value={JSON.stringify(editable.schema)} />
        <input type="hidden" name="uiSchema" value={JSON.stringify(editable.uiSchema)} />
        <input type="hidden" name="example" value={JSON.stringify(pruneEmptyOptional(example ?? {}, editable.schema) ?? {})} />
        {refused ? (
          <Alert type="error" showIcon data-testid="studio-problems" style={{ marginBottom: 12 }} message={`${proposing ? '未提交' : '未保存'}：${refused.length} 处问题`}
            description={<ul>{refused.map((p) => <li key={p}>{p}</li>)}</ul>} />
        ) : null}
        {check ? (
          <Alert type={check.problems.length ? 'error' : 'success'} showIcon data-testid="studio-check" style={{ marginBottom: 12 }}
            message={check.problems.length ? `检查未通过：${check.problems.length} 处问题` : '检查通过：结构可编译，示例校验通过，模板占位符都能对应字段，已制发文书仍按原版本生成'}
            description={<ul>{[...check.problems, ...check.warnings.map((w) => `提示：${w}`)].map((p) => <li key={p}>{p}</li>)}</ul>} />
        ) : null}
        <p><Input.TextArea name="changeNote" rows={2} placeholder={`变更说明（${proposing ? '提交' : '保存'}时必填）：为什么改`} aria-label="变更说明" /></p>
        <Space wrap>
          <Button htmlType="submit" name="intent" value="check" loading={busy}>检查</Button>
          {proposing
            ? <Button type="primary" htmlType="submit" name="intent" value="propose" loading={busy}>提交修改提议</Button>
            : <Button type="primary" htmlType="submit" name="intent" value="save" loading={busy}>保存为新版本</Button>}
        </Space>
      </Form>
      {loaded.proposals.length ? (
        <section className="zf-section" data-testid="form-proposals">
          <h2>修改提议</h2>
          <ProposalList rows={loaded.proposals} showForm={false} />
        </section>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
