/**
 * Rendering behind one interface of our own, so the engine (docxtemplater
 * today; carbone could come back, see docs/decisions/010) can change without
 * touching issuing, verification or routes.
 */
import Docxtemplater from 'docxtemplater'
import PizZip from 'pizzip'
import { QR_MEDIA_PATH } from '../../../forms/_lib/docx-xml.ts'
import { filters } from './filters.ts'
import { qrPng } from './qr-png.ts'
import type { PdfConverter } from './converter.server.ts'

/** What the system adds to the form data: the `doc.*` tags of a template. */
export interface DocumentStamp {
  /** 文书编号, e.g. （伊州）应急罚〔2026〕8号; a draft shows 草稿; empty for an unnumbered 笔录. */
  number: string
  /** Verification code printed on the document. */
  code: string
  /** `<baseUrl>/verify/<code>`, also encoded in the QR code. */
  verifyUrl: string
}

export interface DocumentRenderer {
  renderDocx(template: Buffer, data: Record<string, unknown>, stamp: DocumentStamp): Promise<Buffer>
  renderPdf(docx: Buffer): Promise<Buffer>
  pdfAvailable(): boolean
}

/** The DOCX of a template filled with the data and stamp, and its PDF when a converter is running. */
export async function renderFiles(renderer: DocumentRenderer, template: Buffer, data: Record<string, unknown>, stamp: DocumentStamp): Promise<{ docx: Buffer; pdf: Buffer | null }> {
  const docx = await renderer.renderDocx(template, data, stamp)
  const pdf = renderer.pdfAvailable() ? await renderer.renderPdf(docx) : null
  return { docx, pdf }
}

export class TemplateError extends Error {
  readonly type = 'TemplateError'
}

type Scope = Record<string, unknown> | unknown

function lookup(scope: Scope, dotted: string): unknown {
  let cur: unknown = scope
  for (const part of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[part]
  }
  return cur
}

interface ParserContext { scopeList: Scope[]; scopePathItem: number[] }

/**
 * Tags are dotted paths with an optional filter: `party.name`,
 * `issueDate|date`; `$index` is the 1-based position in a loop. Inside a loop a path is looked up in the item first,
 * then in the enclosing scopes.
 */
function parser(tag: string) {
  const [expr = '', filterName] = tag.split('|').map((s) => s.trim())
  const filter = filterName ? filters[filterName] : undefined
  if (filterName && !filter) throw new TemplateError(`未知的过滤器 unknown filter: ${filterName}`)
  return {
    get(scope: Scope, context: ParserContext) {
      let value: unknown
      if (expr === '.') value = scope
      else if (expr === '$index') value = (context.scopePathItem[context.scopePathItem.length - 1] ?? 0) + 1
      else {
        value = lookup(scope, expr)
        for (let i = context.scopeList.length - 2; value === undefined && i >= 0; i--) value = lookup(context.scopeList[i], expr)
      }
      return filter ? filter(value) : value
    },
  }
}

export function createRenderer(converter: PdfConverter): DocumentRenderer {
  return {
    async renderDocx(template, data, stamp) {
      const zip = new PizZip(template)
      let doc: Docxtemplater
      try {
        doc = new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true, parser, nullGetter: () => '' })
        doc.render({ ...data, doc: stamp })
      } catch (e) {
        const detail = (e as { properties?: { errors?: { properties?: { explanation?: string } }[] } }).properties?.errors
          ?.map((x) => x.properties?.explanation).join('; ')
        throw new TemplateError(`模板渲染失败 template failed: ${detail || (e as Error).message}`)
      }
      const out = doc.getZip()
      out.file(QR_MEDIA_PATH, qrPng(stamp.verifyUrl))
      return out.generate({ type: 'nodebuffer', compression: 'DEFLATE' })
    },
    renderPdf: (docx) => converter.convert(docx),
    pdfAvailable: () => converter.available(),
  }
}
