/**
 * An issued document at a glance: what it is, its number and verification
 * code, and its files. Without a stored PDF (LibreOffice was unavailable at
 * issue) it says so and offers the DOCX.
 */
import { Alert, Button, Descriptions, Space } from 'antd'
import { DownloadOutlined, FilePdfOutlined, PrinterOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import type { DescriptionsProps } from 'antd'
import type { DocumentDetails } from '../services/documents/documents-query.server.ts'

export type DocumentSummaryData = Omit<DocumentDetails, 'formKey' | 'docxSm3' | 'revision' | 'changes'> & Partial<Pick<DocumentDetails, 'revision' | 'changes'>>

export function shanghaiDateTime(iso: string, withTime = true): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
  }).format(new Date(iso))
}

/** What the document itself and the public verification page both show. */
export function documentFacts(d: { number: string; title: string; departmentName: string; issuedAt: string; verificationCode: string; pdfSm3: string | null }): NonNullable<DescriptionsProps['items']> {
  return [
    { key: 'number', label: '文书编号', children: <strong>{d.number}</strong> },
    { key: 'kind', label: '文书种类', children: d.title },
    { key: 'department', label: '制作机关', children: d.departmentName },
    { key: 'date', label: '制发日期', children: shanghaiDateTime(d.issuedAt, false) },
    { key: 'code', label: '验证码', children: <code className="zf-code">{d.verificationCode}</code> },
    { key: 'sm3', label: 'PDF 文件的 SM3 值', children: d.pdfSm3 ? <code className="zf-hash">{d.pdfSm3}</code> : '制发时未生成 PDF' },
  ]
}

export function DocumentSummary({ document: d }: { document: DocumentSummaryData }) {
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
        <Button icon={<DownloadOutlined />} href={`${base}/docx`} download>下载 DOCX</Button>
        <Button type="link" icon={<SafetyCertificateOutlined />} href={d.verificationPath} target="_blank" rel="noreferrer">核验页面</Button>
      </Space>
      {d.hasPdf ? null : (
        <Alert type="warning" showIcon className="zf-form-alert" data-testid="pdf-unavailable"
          title="暂不能生成 PDF" description="制发时 PDF 转换服务（LibreOffice）不可用。请下载 DOCX 文件打印；文书编号和验证码已印在 DOCX 上。" />
      )}
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
