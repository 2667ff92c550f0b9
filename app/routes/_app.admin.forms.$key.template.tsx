/**
 * 文书模板 (issue 13 part 2): the form's DOCX template in force and every
 * version's, to download; a new DOCX (made in Word or WPS/LibreOffice with
 * the placeholders of the 占位符说明 page) is checked — it must open, every
 * placeholder must name a field, every example must render — and stored as
 * a version not yet in force, previewed with each example as DOCX and PDF,
 * then activated (a catalog activation, audited).
 */
import { useState } from 'react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Button, Input, Space, Table, Tag } from 'antd'
import { z } from 'zod'
import { requirePermission } from '../utils/auth.server.ts'
import { actionError, formFields, orRespond, redirectWithNotice } from '../utils/http.server.ts'
import { db } from '../utils/db.server.ts'
import { studioDeps } from '../utils/form-studio.server.ts'
import { catalog } from '../services/catalog/runtime.server.ts'
import { documentRuntime } from '../services/documents/runtime.server.ts'
import { activateFormVersion, templateVersions, uploadTemplate } from '../services/catalog/form-studio.server.ts'
import { MAX_TEMPLATE_BYTES } from '../services/catalog/template-limits.ts'
import { loadExamples } from '../../forms/_lib/examples.ts'
import { InvalidInput } from '../services/errors.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'
import { fileBase64 } from '../utils/file-base64.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? '表单'} · 文书模板 · 执法` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'Form')
  await catalog().fresh()
  const form = await orRespond(() => catalog().forms.get(params.key ?? ''))
  const examples = loadExamples(form).filter((e) => e.valid).map((e) => ({ name: e.file.replace(/\.json$/, ''), description: e.description }))
  return {
    key: form.key, title: form.manifest.title, examples,
    versions: await templateVersions(db, form.key),
    pdfAvailable: (await documentRuntime()).renderer.pdfAvailable(),
  }
}

// The DOCX travels as base64 in a form field, as the catalog's upload does; 2 MB of file is ~2.7 MB of text.
const BASE64_LIMIT = Math.ceil((MAX_TEMPLATE_BYTES * 4) / 3) + 4
const schema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('upload'),
    note: z.string().max(500).default(''),
    file: z.string().min(1, '请选择 DOCX 模板文件').max(BASE64_LIMIT, '模板文件不能超过 2 MB').regex(/^[A-Za-z0-9+/]*={0,2}$/, '无法读取所选文件，请重新选择'),
  }),
  z.object({ intent: z.literal('activate'), version: z.coerce.number().int().positive(), note: z.string().max(500).default('') }),
])

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requirePermission(request, 'manage', 'Form')
  const key = params.key ?? ''
  const parsed = schema.safeParse(await formFields(request))
  if (!parsed.success) return actionError(new InvalidInput({ template: parsed.error.issues.map((i) => i.message) }))
  try {
    const deps = await studioDeps(request)
    if (parsed.data.intent === 'upload') {
      const saved = await uploadTemplate(deps, actor, key, Buffer.from(parsed.data.file, 'base64'), parsed.data.note)
      return redirectWithNotice(request, `/admin/forms/${key}/template`, `模板已上传为第 ${saved.version} 版（尚未生效）：请先预览，再启用`)
    }
    await activateFormVersion(deps, actor, key, parsed.data.version, parsed.data.note)
    return redirectWithNotice(request, `/admin/forms/${key}/template`, `第 ${parsed.data.version} 版已生效`)
  } catch (error) {
    return actionError(error)
  }
}

function TemplatePicker() {
  const [file, setFile] = useState('')
  const [tooLarge, setTooLarge] = useState(false)
  return (
    <p>
      <label>选择 DOCX 模板：<input type="file" accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document" data-testid="template-file"
        onChange={async (e) => {
          const chosen = e.target.files?.[0]
          setTooLarge(!!chosen && chosen.size > MAX_TEMPLATE_BYTES)
          setFile(chosen && chosen.size <= MAX_TEMPLATE_BYTES ? await fileBase64(chosen) : '')
        }} /></label>
      <input type="hidden" name="file" value={file} />
      {tooLarge ? <span className="zf-error-text"> 模板文件不能超过 2 MB</span> : null}
    </p>
  )
}

export default function TemplateManagerPage() {
  const { key, title, examples, versions, pdfAvailable } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const problems = result && 'fieldErrors' in result ? Object.values(result.fieldErrors as Record<string, string[]>).flat() : null
  const active = versions.find((v) => v.active)
  const file = (version: number, name: string) => `/admin/forms/${key}/v/${version}/${name}`
  return (
    <>
      <h1 className="zf-page-title">文书模板：{title}</h1>
      <p><Link to={`/admin/forms/${key}`}>表单设计</Link> · <Link to={`/admin/forms/${key}/placeholders`}>占位符说明</Link> · <Link to="/admin/forms">全部表单</Link></p>
      <section className="zf-section">
        <h2>生效的模板</h2>
        {active ? (
          <p data-testid="active-template">第 {active.version} 版（模板指纹 <code>{active.templateHash}</code>）· <a href={file(active.version, 'template.docx')} download>下载模板</a></p>
        ) : <p>尚无版本。</p>}
      </section>
      <section className="zf-section">
        <h2>上传新模板</h2>
        <p>下载生效的模板，在 Word 或 WPS/LibreOffice 中修改后另存为 .docx 上传。占位符的写法见 <Link to={`/admin/forms/${key}/placeholders`}>占位符说明</Link>。上传后先检查（能否打开、每个占位符是否对应表单字段、能否用每个示例生成文书），通过后保存为一个尚未生效的版本，预览无误再启用。</p>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="upload" />
          <TemplatePicker />
          <p><Input.TextArea name="note" rows={2} placeholder="变更说明（必填）：为什么改" aria-label="模板变更说明" /></p>
          {problems ? (
            <Alert type="error" showIcon data-testid="template-problems" style={{ marginBottom: 12 }} message={`模板未保存：${problems.length} 处问题`}
              description={<ul>{problems.map((p) => <li key={p}>{p}</li>)}</ul>} />
          ) : null}
          <Button type="primary" htmlType="submit" loading={busy}>检查并上传</Button>
        </Form>
      </section>
      <section className="zf-section">
        <h2>版本</h2>
        {!pdfAvailable ? <Alert type="info" showIcon message="服务器未安装 LibreOffice：预览只提供 DOCX。" style={{ marginBottom: 12 }} /> : null}
        <Table
          rowKey="version" size="small" dataSource={versions} pagination={{ pageSize: 20 }} data-testid="template-versions"
          columns={[
            { title: '版本', render: (_, v) => <span>v{v.version} {v.active ? <Tag color="green">生效</Tag> : null}</span> },
            { title: '模板指纹', render: (_, v) => <code>{v.templateHash}</code> },
            { title: '说明', render: (_, v) => v.changeNote ?? '—' },
            { title: '制作人', render: (_, v) => v.createdByName ?? '系统' },
            { title: '时间', render: (_, v) => new Date(v.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) },
            { title: '已制发文书', dataIndex: 'documents' },
            {
              title: '预览与下载', render: (_, v) => (
                <Space size={4} wrap>
                  <a href={file(v.version, 'template.docx')} download>模板</a>
                  {examples.map((e) => (
                    <span key={e.name}>
                      示例 {e.name}：<a href={file(v.version, `${e.name}.docx`)} download data-testid={`preview-docx-${v.version}`}>DOCX</a>
                      {pdfAvailable ? <> · <a href={file(v.version, `${e.name}.pdf`)} target="_blank" rel="noreferrer" data-testid={`preview-pdf-${v.version}`}>PDF</a></> : null}
                    </span>
                  ))}
                </Space>
              ),
            },
            {
              title: '启用', render: (_, v) => (v.active ? null : (
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="activate" />
                  <input type="hidden" name="version" value={v.version} />
                  <Space.Compact>
                    <Input name="note" size="small" placeholder="启用说明（必填）" aria-label={`启用第 ${v.version} 版的说明`} />
                    <Button size="small" htmlType="submit" data-testid={`activate-${v.version}`}>启用</Button>
                  </Space.Compact>
                </Form>
              )),
            },
          ]}
        />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
