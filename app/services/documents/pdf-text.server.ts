/**
 * What a rendered PDF shows, through poppler-utils: its text (pdftotext) and
 * its fonts (pdffonts). Used by `forms check` and the tests to prove that the
 * number, the party and the officers are printed and that no Chinese glyph
 * fell back to a missing font.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface PdfFont { name: string; embedded: boolean }

function withTempPdf<T>(pdf: Buffer, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-pdf-'))
  const file = path.join(dir, 'doc.pdf')
  fs.writeFileSync(file, pdf)
  try {
    return fn(file)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

// A PDF is read once however many checks ask (the render test checks every form several ways).
const texts = new WeakMap<Buffer, string>()
const fonts = new WeakMap<Buffer, PdfFont[]>()

export function pdfText(pdf: Buffer): string {
  let text = texts.get(pdf)
  if (text === undefined) {
    text = withTempPdf(pdf, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }))
    texts.set(pdf, text)
  }
  return text
}

/** The text of each page (pdftotext separates pages with a form feed). */
export function pdfPages(pdf: Buffer): string[] {
  return pdfText(pdf).split('\f').slice(0, -1)
}

/** The Simplified-Chinese Noto CJK faces, the only fonts a document may embed (subset prefix aside). */
export const SC_FONT = /^([A-Z]{6}\+)?NotoS(erif|ans)CJKsc-/

/**
 * Why the last page of a document of several pages is badly broken: it holds
 * nothing but the closing block (organ, seal, date) and the verification QR
 * block — `closing` lists their printed texts. Empty when the page is fine.
 */
export function lastPageProblems(pdf: Buffer, closing: string[]): string[] {
  const pages = pdfPages(pdf)
  if (pages.length < 2) return []
  let rest = squash(pages[pages.length - 1]!).replace(/第\d+页共\d+页/g, '')
  for (const text of closing.map(squash).filter(Boolean).sort((a, b) => b.length - a.length)) rest = rest.split(text).join('')
  return rest === '' ? [`最后一页只有落款或二维码 the last of ${pages.length} pages holds only the closing block or the QR block`] : []
}

export function pdfFonts(pdf: Buffer): PdfFont[] {
  const known = fonts.get(pdf)
  if (known) return known
  const out = withTempPdf(pdf, (file) => execFileSync('pdffonts', [file], { encoding: 'utf8' }))
  const list = out.split('\n').slice(2).filter((l) => l.trim()).map((line) => {
    const cols = line.trim().split(/\s+/)
    // Columns from the right: emb sub uni object-id generation.
    return { name: cols[0]!, embedded: cols[cols.length - 5] === 'yes' }
  })
  fonts.set(pdf, list)
  return list
}

/** Text without any whitespace, so wrapped lines and spacing around digits do not matter. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '')
}

/**
 * Problems with a rendered PDF: expected values that are not printed, fonts
 * that are not embedded or not the SC faces of Noto CJK, replacement characters (tofu).
 */
export function pdfProblems(pdf: Buffer, expected: string[]): string[] {
  const problems: string[] = []
  const text = squash(pdfText(pdf))
  for (const value of expected) if (!text.includes(squash(value))) problems.push(`未印出 not printed: ${value}`)
  if (/[\uFFFD\u25A1]/.test(text)) problems.push('含替代字符（缺字） replacement glyphs present')
  const fonts = pdfFonts(pdf)
  if (fonts.length === 0) problems.push('没有字体 no fonts')
  for (const f of fonts) {
    if (!f.embedded) problems.push(`字体未嵌入 font not embedded: ${f.name}`)
    if (!SC_FONT.test(f.name)) problems.push(`非简体中文 Noto CJK 字体 not an SC face: ${f.name}`)
  }
  return problems
}
