import { describe, expect, it } from 'vitest'
import { renderToString } from 'react-dom/server'
import { AntdProvider } from './antd-provider.tsx'
import { DocumentSummary, renderPollDelay, type DocumentSummaryData } from './document-summary.tsx'

const issued: DocumentSummaryData = {
  id: 'doc1', title: '责令限期整改指令书', number: '（伊县）应急责改〔2026〕3号', verificationCode: 'K7QX-3M9P-2TRW-8VZ0', verificationPath: '/verify/K7QX3M9P2TRW8VZ0',
  issuedAt: '2026-03-02T02:00:00.000Z', issuedByName: '买买提江·吐尔洪', departmentName: '伊宁县应急管理局', partyName: '伊宁县恒泰煤业有限公司',
  formVersion: 1, hasPdf: true, hasDocx: true, pdfSm3: 'ab'.repeat(32),
  dataSm3: 'cd'.repeat(32), renderStatus: 'rendered', renderError: null, renderAttempts: 1,
}

function render(document: DocumentSummaryData): string {
  return renderToString(<AntdProvider><DocumentSummary document={document} /></AntdProvider>)
}

describe('an issued document’s page', () => {
  it('offers the PDF, printing and the DOCX, with number, department, date in Beijing time and verification code', () => {
    const html = render(issued)
    expect(html).toContain('href="/documents/doc1/pdf"')
    expect(html).toContain('href="/documents/doc1/pdf?inline=1"')
    expect(html).toContain('href="/documents/doc1/docx"')
    expect(html).toContain('（伊县）应急责改〔2026〕3号')
    expect(html).toContain('2026年3月2日')
    expect(html).toContain('K7QX-3M9P-2TRW-8VZ0')
    expect(html).not.toContain('暂不能生成 PDF')
  })

  it('says PDF is unavailable, and still offers the DOCX, when the document was issued without LibreOffice', () => {
    const html = render({ ...issued, hasPdf: false, pdfSm3: null })
    expect(html).toContain('暂不能生成 PDF')
    expect(html).not.toContain('/documents/doc1/pdf')
    expect(html).toContain('href="/documents/doc1/docx"')
  })

  it('says the files are being made, with the data hash, and offers no download, while rendering after issue is pending', () => {
    const html = render({ ...issued, hasPdf: false, hasDocx: false, pdfSm3: null, renderStatus: 'pending', renderAttempts: 0 })
    expect(html).toContain('正在生成文书文件')
    expect(html).toContain('cdcdcdcdcdcdcdcd')
    expect(html).toContain('文件生成中')
    expect(html).not.toContain('/documents/doc1/pdf')
    expect(html).not.toContain('/documents/doc1/docx')
    expect(html).not.toContain('暂不能生成 PDF')
  })

  it('says rendering failed, why and how often it was tried, and shows the route’s 重新生成 button', () => {
    const html = render({ ...issued, hasPdf: false, hasDocx: false, pdfSm3: null, renderStatus: 'failed', renderAttempts: 5, renderError: 'LibreOffice 超时' })
    const withButton = renderToString(<AntdProvider><DocumentSummary document={{ ...issued, hasPdf: false, hasDocx: false, pdfSm3: null, renderStatus: 'failed', renderAttempts: 5, renderError: 'LibreOffice 超时' }} renderAgain={<button type="submit">重新生成</button>} /></AntdProvider>)
    expect(html).toContain('文书文件生成失败')
    expect(html).toContain('已尝试 5 次：LibreOffice 超时')
    expect(html).not.toContain('/documents/doc1/docx')
    expect(withButton).toContain('重新生成')
  })
})

describe('a page waiting for a document’s files', () => {
  it('asks again after two seconds, then less and less often, never less often than every thirty seconds', () => {
    const delays = Array.from({ length: 12 }, (_, asked) => renderPollDelay(asked))
    expect(delays.slice(0, 3)).toEqual([2_000, 3_000, 4_500])
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!)
    expect(delays.at(-1)).toBe(30_000)
  })
})
