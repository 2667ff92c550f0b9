/**
 * The readable description of a document's layout (`forms/<key>/layout.json`)
 * and its translation to WordprocessingML. Text holds docxtemplater tags:
 * `{party.name}`, `{issueDate|date}`, `{#field}…{/field}` for optional or
 * repeated parts. Shared blocks (`{"block": "party"}`) come from
 * `forms/_common/blocks.json`.
 */
import { FONT_HEADING, SIZE, TEXT_WIDTH, paragraph, plainTable, qrImage, run, table, type ParagraphStyle } from './docx-xml.ts'

export type Block =
  | { block: string }
  | { p: string; align?: ParagraphStyle['align']; indent?: boolean; bold?: boolean; size?: keyof typeof SIZE }
  | { heading: string }
  | { label: string; value: string }
  | { list: string; item: string }
  | { table: string; columns: [title: string, cell: string, widthPercent: number][] }
  | { grid: [label: string, value: string][] }
  | { if: string; then: Block[] }
  | { title: true }
  | { qr: string[] }
  | { blank: true }

export interface Layout {
  /** Printed title; defaults to the manifest's title. */
  title?: string
  blocks: Block[]
}

export type SharedBlocks = Record<string, Block[]>

/** Splits text on line breaks into runs separated by `<w:br/>`. */
function textRuns(text: string, style: Parameters<typeof run>[1] = {}): string {
  return text.split('\n').map((line) => run(line, style)).join('<w:r><w:br/></w:r>')
}

export function layoutToXml(layout: Layout, title: string, shared: SharedBlocks): string {
  const out: string[] = []
  const emit = (blocks: Block[], depth: number): void => {
    if (depth > 5) throw new Error('共用块嵌套过深 shared blocks nested too deeply')
    for (const b of blocks) {
      if ('block' in b) {
        const inner = shared[b.block]
        if (!inner) throw new Error(`未知的共用块 unknown shared block: ${b.block}`)
        emit(inner, depth + 1)
      } else if ('title' in b) {
        out.push(paragraph(run(layout.title ?? title, { bold: true, size: SIZE.title, font: FONT_HEADING }), { align: 'center', before: 6, after: 6 }))
      } else if ('p' in b) {
        out.push(paragraph(textRuns(b.p, { bold: b.bold, size: b.size ? SIZE[b.size] : undefined }), {
          align: b.align ?? 'both', indentChars: b.indent === false || b.align === 'center' || b.align === 'right' ? 0 : 2,
        }))
      } else if ('heading' in b) {
        out.push(paragraph(run(b.heading, { bold: true, font: FONT_HEADING, size: SIZE.heading }), { before: 6, keepNext: true }))
      } else if ('label' in b) {
        out.push(paragraph(run(`${b.label}：`, { bold: true }) + textRuns(b.value), { align: 'left' }))
      } else if ('list' in b) {
        // Section tags alone in their paragraphs: docxtemplater repeats the paragraph in between.
        out.push(paragraph(run(`{#${b.list}}`)), paragraph(textRuns(b.item), { indentChars: 2 }), paragraph(run(`{/${b.list}}`)))
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
        const qrWidth = Math.floor(TEXT_WIDTH * 0.2)
        const caption = b.qr.map((line) => paragraph(textRuns(line, { size: SIZE.small }), { align: 'left' })).join('')
        out.push(paragraph('', { before: 12 }), plainTable([paragraph(qrImage(), { align: 'center' }), caption], [qrWidth, TEXT_WIDTH - qrWidth]))
      } else if ('blank' in b) {
        out.push(paragraph(''))
      }
    }
  }
  emit(layout.blocks, 0)
  return out.join('')
}
