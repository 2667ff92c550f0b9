/**
 * An issued document at a glance: what it is, its number and verification
 * code, and its files. The files are rendered after issue (ADR 028): while
 * they are being made the page says so and refreshes itself; when rendering
 * failed it says why and offers 重新生成. Without a stored PDF (LibreOffice
 * was unavailable) it says so and offers the DOCX.
 */
import { useEffect, useRef, type ReactNode } from 'react'
import { useNavigation, useRevalidator } from '@remix-run/react'
import { Alert, Button, Descriptions, Space } from 'antd'
import { DownloadOutlined, FilePdfOutlined, PrinterOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import type { DescriptionsProps } from 'antd'
import type { DocumentDetails } from '../services/documents/documents-query.server.ts'
import { documentNumberText } from '../reference/document-number.ts'

export type DocumentSummaryData = Omit<DocumentDetails, 'formKey' | 'docxSm3' | 'revision' | 'changes'> & Partial<Pick<DocumentDetails, 'revision' | 'changes'>>

/**
 * How long a page showing a document whose files are being made waits
 * before asking again: two seconds at first, half as long again each time,
 * at most thirty (a page left open on a slow render must not ask every two
 * seconds for as long as it stays open).
 */
export function renderPollDelay(asked: number): number {
  return Math.min(30_000, Math.round(2_000 * 1.5 ** asked))
}

export function shanghaiDateTime(iso: string, withTime = true): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
  }).format(new Date(iso))
}

/** What the document itself and the public verification page both show. */
export function documentFacts(d: { number: string | null; title: string; departmentName: string; issuedAt: string; verificationCode: string; pdfSm3: string | null; renderStatus?: string }): NonNullable<DescriptionsProps['items']> {
  const noPdf = d.renderStatus === 'pending' ? '文件生成中' : d.renderStatus === 'failed' ? '文件生成失败，待重新生成' : '未生成 PDF'
  return [
    { key: 'number', label: '文书编号', children: <strong>{documentNumberText(d.number)}</strong> },
    { key: 'kind', label: '文书种类', children: d.title },
    { key: 'department', label: '制作机关', children: d.departmentName },
    { key: 'date', label: '制发日期', children: shanghaiDateTime(d.issuedAt, false) },
    { key: 'code', label: '验证码', children: <code className="zf-code">{d.verificationCode}</code> },
    { key: 'sm3', label: 'PDF 文件的 SM3 值', children: d.pdfSm3 ? <code className="zf-hash">{d.pdfSm3}</code> : noPdf },
  ]
}

/**
 * While the files are being made, the page asks again (a route component
 * calls this), less often the longer it takes (`renderPollDelay`). Only
 * while nothing else is loading: a revalidation started during a navigation
 * restarts that navigation and aborts the request the user's click made.
 */
export function useRefreshWhilePending(pending: boolean) {
  const { revalidate, state } = useRevalidator()
  const navigation = useNavigation()
  const asked = useRef(0)
  useEffect(() => {
    if (!pending) asked.current = 0
    if (!pending || state !== 'idle' || navigation.state !== 'idle') return
    const timer = setTimeout(() => {
      asked.current += 1
      revalidate()
    }, renderPollDelay(asked.current))
    return () => clearTimeout(timer)
  }, [pending, state, navigation.state, revalidate])
}

function RenderState({ document: d, renderAgain }: { document: DocumentSummaryData; renderAgain?: ReactNode }) {
  if (d.renderStatus === 'pending') {
    return (
      <Alert type="info" showIcon className="zf-form-alert" data-testid="render-pending" title="正在生成文书文件"
        description={`文书已编号并保存${d.dataSm3 ? `（数据 SM3：${d.dataSm3.slice(0, 16)}…）` : ''}，DOCX 与 PDF 正在生成，完成后本页自动刷新。`} />
    )
  }
  if (d.renderStatus === 'failed') {
    return (
      <Alert type="error" showIcon className="zf-form-alert" data-testid="render-failed" title="文书文件生成失败"
        description={`已尝试 ${d.renderAttempts} 次：${d.renderError ?? '原因不明'}。文书编号和数据已保存，不受影响。`}
        action={renderAgain} />
    )
  }
  if (d.hasPdf) return null
  return (
    <Alert type="warning" showIcon className="zf-form-alert" data-testid="pdf-unavailable"
      title="暂不能生成 PDF" description="生成文件时 PDF 转换服务（LibreOffice）不可用。请下载 DOCX 文件打印；文书编号和验证码已印在 DOCX 上。" />
  )
}

/** `renderAgain`: the route's 重新生成 button, shown when rendering failed. */
export function DocumentSummary({ document: d, renderAgain }: { document: DocumentSummaryData; renderAgain?: ReactNode }) {
  const base = `/documents/${d.id}`
  return (
    <>
      <Space wrap className="zf-toolbar" data-testid="document-files">
        {d.hasPdf ? (
          <>
            <Button type="primary" icon={<FilePdfOutlined />} href={`${base}/pdf`} download>下载 PDF</Button>
            <Button icon={<PrinterOutlined />} href={`${base}/pdf?inline=1`} target="_blank" rel="noreferrer">打印</Button>
          </>
        ) : null}
        {d.hasDocx ? <Button icon={<DownloadOutlined />} href={`${base}/docx`} download>下载 DOCX</Button> : null}
        <Button type="link" icon={<SafetyCertificateOutlined />} href={d.verificationPath} target="_blank" rel="noreferrer">核验页面</Button>
      </Space>
      <RenderState document={d} renderAgain={renderAgain} />
      <Descriptions bordered column={1} size="middle" className="zf-section zf-descriptions" data-testid="document-details"
        items={[
          ...documentFacts(d),
          { key: 'party', label: '当事人', children: d.partyName ?? '—' },
          { key: 'by', label: '制作人', children: `${d.issuedByName}（${shanghaiDateTime(d.issuedAt)}）` },
          { key: 'version', label: '表单版本', children: `第 ${d.formVersion} 版` },
          ...(d.changes?.length ? [{
            key: 'changes', label: '更改记录',
            children: (
              <div data-testid="document-changes">
                {d.changes.map((c, i) => (
                  <div key={c.appliedAt}>第 {i + 2} 稿：{shanghaiDateTime(c.appliedAt)} 按经批准的更改申请{c.requestNumber ? ` ${c.requestNumber}` : ''} 更改，原稿留存</div>
                ))}
              </div>
            ),
          }] : []),
        ]}
      />
    </>
  )
}
