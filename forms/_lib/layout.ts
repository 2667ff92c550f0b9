/**
 * The readable description of a document's layout (`forms/<key>/layout.json`)
 * and its translation to WordprocessingML. Text holds docxtemplater tags:
 * `{party.name}`, `{issueDate|date}`, `{#field}…{/field}` for optional or
 * repeated parts. Shared blocks (`{"block": "party"}`) come from
 * `forms/_common/blocks.json`.
 */
import { FONT_HEADING, SIZE, TEXT_WIDTH, paragraph, qrImage, run, table, unbreakable, type ParagraphStyle } from './docx-xml.ts'

export type Block =
  | { block: string }
  | { p: string; align?: ParagraphStyle['align']; indent?: boolean; bold?: boolean; size?: keyof typeof SIZE; plain?: boolean }
  | { heading: string }
  | { label: string; value: string }
  | { list: string; item: string }
  | { table: string; columns: [title: string, cell: string, widthPercent: number][] }
  | { grid: [label: string, value: string][] }
  | { if: string; then: Block[] }
  | { title: true }
  | { qr: string[] }
  | { blank: true }
  | { banner: true }

export interface Layout {
  /** Printed title; defaults to the manifest's title. */
  title?: string
  /**
   * Who signs every page, printed in the footer before the page number, e.g.
   * 被询问人（签名）: the 询问笔录 is signed page by page (a blank line, fixed text, no tags).
   */
  footerSignature?: string
  blocks: Block[]
}

export type SharedBlocks = Record<string, Block[]>

/** Splits text on line breaks into runs separated by `<w:br/>`. */
function textRuns(text: string, style: Parameters<typeof run>[1] = {}): string {
  return text.split('\n').map((line) => run(line, style)).join('<w:r><w:br/></w:r>')
}

const TAG = /(\{[^{}]*\})/

/** A value the user filled in (not a section tag, a position or a system stamp): printed on an underline. */
function isFilledValue(tag: string): boolean {
  return !/^\{[#/^]/.test(tag) && !/^\{(\$index|\.|doc\.)/.test(tag)
}

/**
 * Like textRuns, but the filled-in values stand on underlines as the blanks of
 * the national forms do — only in sentences with fixed wording around them: a
 * paragraph that is one tag alone (a narrative such as 违法事实) is not a blank.
 */
function blankRuns(text: string, style: Parameters<typeof run>[1] = {}): string {
  const parts = text.split(TAG).filter((part) => part !== '')
  const fixedWording = parts.some((part) => !TAG.test(part) && part.trim() !== '')
  if (!fixedWording) return textRuns(text, style)
  return parts.map((part) => textRuns(part, { ...style, underline: TAG.test(part) && isFilledValue(part) })).join('')
}

/**
 * Where a document's closing starts: the organ with its seal and date
 * (`signature`), or the verification QR when there is no such block. From
 * the block before it (the last lines of the body, or the signatures) to
 * the end, everything is kept on one page (docx-xml's `unbreakable`), so no
 * page holds only the date or only the QR.
 */
function closingStart(blocks: Block[]): number {
  const at = (name: string) => blocks.findIndex((b) => 'block' in b && b.block === name)
  const signature = at('signature')
  return signature >= 0 ? signature : at('verification')
}

export function layoutToXml(layout: Layout, title: string, shared: SharedBlocks): string {
  let out: string[] = []
  const emit = (blocks: Block[], depth: number): void => {
    if (depth > 5) throw new Error('共用块嵌套过深 shared blocks nested too deeply')
    for (const b of blocks) {
      if ('block' in b) {
        const inner = shared[b.block]
        if (!inner) throw new Error(`未知的共用块 unknown shared block: ${b.block}`)
        emit(inner, depth + 1)
      } else if ('banner' in b) {
        out.push(paragraph(run('安全生产行政执法文书', { bold: true, size: SIZE.banner, font: FONT_HEADING }), { align: 'center', after: 6 }))
      } else if ('title' in b) {
        out.push(paragraph(run(layout.title ?? title, { bold: true, size: SIZE.title, font: FONT_HEADING }), { align: 'center', before: 6, after: 6 }))
      } else if ('p' in b) {
        out.push(paragraph((b.plain ? textRuns : blankRuns)(b.p, { bold: b.bold, size: b.size ? SIZE[b.size] : undefined }), {
          align: b.align ?? 'both', indentChars: b.indent === false || b.align === 'center' || b.align === 'right' ? 0 : 2,
        }))
      } else if ('heading' in b) {
        out.push(paragraph(run(b.heading, { bold: true, font: FONT_HEADING, size: SIZE.heading }), { before: 6, keepNext: true }))
      } else if ('label' in b) {
        out.push(paragraph(run(`${b.label}：`, { bold: true }) + blankRuns(b.value, { underline: true }), { align: 'left' }))
      } else if ('list' in b) {
        // Section tags alone in their paragraphs: docxtemplater repeats the paragraph in between.
        // Items of several lines are set flush left: a justified line ending in a break is stretched.
        out.push(paragraph(run(`{#${b.list}}`)), paragraph(textRuns(b.item), { indentChars: 2, align: b.item.includes('\n') ? 'left' : undefined }), paragraph(run(`{/${b.list}}`)))
      } else if ('table' in b) {
        const widths = b.columns.map(([, , pct]) => Math.floor((TEXT_WIDTH * pct) / 100))
        const head = b.columns.map(([t]) => paragraph(run(t, { bold: true, size: SIZE.small }), { align: 'center' }))
        const cells = b.columns.map(([, cell], i) => {
          const open = i === 0 ? `{#${b.table}}` : ''
          const close = i === b.columns.length - 1 ? `{/${b.table}}` : ''
          return paragraph(run(open) + textRuns(cell, { size: SIZE.small }) + run(close), { align: 'left' })
        })
        out.push(table([head, cells], widths, true), paragraph(''))
      } else if ('grid' in b) {
        const widths = [Math.floor(TEXT_WIDTH * 0.24), TEXT_WIDTH - Math.floor(TEXT_WIDTH * 0.24)]
        const rows = b.grid.map(([label, value]) => [
          paragraph(run(label, { bold: true }), { align: 'center' }),
          value.split('\n\n').map((part) => paragraph(textRuns(part), { align: 'left' })).join(''),
        ])
        out.push(table(rows, widths), paragraph(''))
      } else if ('if' in b) {
        out.push(paragraph(run(`{#${b.if}}`)))
        emit(b.then, depth + 1)
        out.push(paragraph(run(`{/${b.if}}`)))
      } else if ('qr' in b) {
        // The picture floats left of its caption lines, which flow beside it.
        const caption = b.qr.map((line, i) => paragraph((i === 0 ? qrImage() : '') + textRuns(line, { size: SIZE.small }), { align: 'left' }))
        out.push(paragraph('', { before: 12 }), ...caption)
      } else if ('blank' in b) {
        out.push(paragraph(''))
      }
    }
  }
  // The body up to its last block, then that block and the closing blocks kept together.
  const firstClosing = closingStart(layout.blocks)
  if (firstClosing <= 0) {
    emit(layout.blocks, 0)
    return out.join('')
  }
  emit(layout.blocks.slice(0, firstClosing - 1), 0)
  const body = out.join('')
  out = []
  emit(layout.blocks.slice(firstClosing - 1), 0)
  return body + unbreakable(out.join(''))
}
