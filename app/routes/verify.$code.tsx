/**
 * Public verification of an issued document (no sign-in): what the code
 * stands for, the SM3 of the issued PDF, and a byte-for-byte check of an
 * uploaded copy. Lookups and uploads are rate-limited per client address;
 * uploads are size-limited.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Button, Descriptions, Result } from 'antd'
import { CheckCircleFilled, CloseCircleFilled, HistoryOutlined } from '@ant-design/icons'
import { clientIp } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { documentsFor } from '../utils/documents.server.ts'
import { createRateLimiter } from '../utils/rate-limit.server.ts'
import { readUploadedFile, UploadRefused } from '../utils/upload.server.ts'
import { checkUploadedCopy } from '../services/documents/verification.server.ts'
import { formatVerificationCode, normalizeVerificationCode } from '../services/documents/verification-code.ts'
import { AntdProvider } from '../components/antd-provider.tsx'
import { PublicFrame } from '../components/public-frame.tsx'
import { documentFacts, shanghaiDateTime } from '../components/document-summary.tsx'
import { StandaloneErrorBoundary } from '../components/error-boundary.tsx'

const MAX_UPLOAD_BYTES = 20 * 1024 * 1024

const lookups = createRateLimiter({ limit: 60, windowMs: 60_000 })
const uploads = createRateLimiter({ limit: 20, windowMs: 10 * 60_000 })

export const meta: MetaFunction = () => [{ title: '文书核验 · 安全生产执法信息系统' }]

function limited(limiter: ReturnType<typeof createRateLimiter>, request: Request) {
  const verdict = limiter.take(clientIp(request) ?? 'unknown')
  if (!verdict.ok) {
    throw new Response(`查询过于频繁，请 ${verdict.retryAfterSeconds} 秒后再试。`, { status: 429, headers: { 'Retry-After': String(verdict.retryAfterSeconds) } })
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  limited(lookups, request)
  const { service } = await documentsFor(request)
  const code = params.code ?? ''
  const found = normalizeVerificationCode(code) ? await service.findByCode(code) : null
  if (!found) return data({ code, document: null }, { status: 404 })
  return {
    code,
    document: {
      number: found.number, title: found.title, departmentName: found.departmentName, issuedAt: found.issuedAt.toISOString(),
      verificationCode: formatVerificationCode(found.verificationCode), pdfSm3: found.pdfSm3, renderStatus: found.renderStatus,
      revision: found.revision, changedAt: found.changedAt?.toISOString() ?? null, deletedAt: found.deletedAt?.toISOString() ?? null,
    },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  limited(uploads, request)
  const { service } = await documentsFor(request)
  // An unknown code is answered before the upload is read.
  if (!normalizeVerificationCode(params.code ?? '') || !(await service.findByCode(params.code ?? ''))) {
    return data({ error: '未找到该验证码对应的文书。', verdict: null }, { status: 404 })
  }
  let bytes: Buffer
  try {
    bytes = await readUploadedFile(request, 'file', MAX_UPLOAD_BYTES)
  } catch (error) {
    if (error instanceof UploadRefused) return data({ error: error.message, verdict: null }, { status: error.status })
    throw error
  }
  const verdict = await checkUploadedCopy({ db, clock }, service, params.code ?? '', bytes, clientIp(request))
  if (!verdict.found) return data({ error: '未找到该验证码对应的文书。', verdict: null }, { status: 404 })
  return {
    error: null,
    verdict: { matches: verdict.matches, file: verdict.file, uploadedSm3: verdict.uploadedSm3, earlierVersionChangedAt: verdict.earlierVersion?.changedAt.toISOString() ?? null },
  }
}

export default function VerifyPage() {
  const { code, document: d } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <AntdProvider>
      <PublicFrame title="执法文书核验">
        {d ? (
          <>
            {d.deletedAt ? (
              <Alert type="warning" showIcon className="zf-form-alert" data-testid="verify-deleted"
                title="此文书已被删除，不再有效"
                description={`该文书由安全生产执法信息系统制发，已于 ${shanghaiDateTime(d.deletedAt, false)} 按经批准的删除申请删除（第七条）。以下是系统存档的信息。`} />
            ) : (
              <Alert type="success" showIcon className="zf-form-alert" data-testid="verify-found"
                title="此验证码对应一份由安全生产执法信息系统制发的文书"
                description={<>
                  {d.changedAt ? <span data-testid="verify-changed">该文书已于 {shanghaiDateTime(d.changedAt, false)} 按经批准的更改申请更正（现行为第 {d.revision} 版），请以现行版本为准。</span> : null}
                  请核对下列信息与您手中的文书是否一致；也可上传文书的 PDF 文件，逐字节核对是否被改动。
                </>} />
            )}
            <Descriptions bordered column={1} size="middle" className="zf-section zf-descriptions" data-testid="verify-details"
              items={documentFacts(d)}
            />
            <section className="zf-section">
              <h2 className="zf-section-title">上传文件核对</h2>
              <Form method="post" encType="multipart/form-data" className="zf-upload-form">
                <label htmlFor="file" className="zf-upload-label">选择文书的 PDF（或 DOCX）文件，不超过 20 MB：</label>
                <input id="file" name="file" type="file" accept=".pdf,.docx,application/pdf" required className="zf-file-input" />
                <Button type="primary" htmlType="submit" loading={busy} size="large">核对文件</Button>
              </Form>
              {result?.error ? <Alert type="error" showIcon className="zf-form-alert" title={result.error} /> : null}
              {result?.verdict ? (
                result.verdict.earlierVersionChangedAt ? (
                  <Result status="warning" icon={<HistoryOutlined />} data-testid="verify-earlier-version"
                    title="与更正前的版本一致"
                    subTitle={`上传的文件是本文书 ${shanghaiDateTime(result.verdict.earlierVersionChangedAt, false)} 更正之前的版本，确由系统制发，但已被经批准的更改取代；请以现行版本为准。`} />
                ) : result.verdict.matches ? (
                  <Result status="success" icon={<CheckCircleFilled />} data-testid="verify-match"
                    title="完全一致" subTitle={`上传的文件与系统存档的${result.verdict.file === 'docx' ? ' DOCX ' : ' PDF '}文件逐字节相同，未被改动。`} />
                ) : (
                  <Result status="error" icon={<CloseCircleFilled />} data-testid="verify-mismatch"
                    title="不一致，可能被篡改" subTitle={<>上传的文件与系统存档的文件不同。上传文件的 SM3 值：<code className="zf-hash">{result.verdict.uploadedSm3}</code>。请以制作机关存档的文书为准。</>} />
                )
              ) : null}
            </section>
          </>
        ) : (
          <Result status="404" title="未找到该验证码对应的文书" data-testid="verify-unknown"
            subTitle={<>验证码「{code}」不存在。请核对文书上印的验证码（16 位，字母和数字，如 ABCD-EFGH-JKMN-PQRS），或扫描文书上的二维码。</>}
            extra={<Link to="/verify">重新输入验证码</Link>} />
        )}
      </PublicFrame>
    </AntdProvider>
  )
}

export function ErrorBoundary() {
  return <StandaloneErrorBoundary />
}
