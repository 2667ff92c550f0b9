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

export function pdfText(pdf: Buffer): string {
  return withTempPdf(pdf, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }))
}

export function pdfFonts(pdf: Buffer): PdfFont[] {
  const out = withTempPdf(pdf, (file) => execFileSync('pdffonts', [file], { encoding: 'utf8' }))
  return out.split('\n').slice(2).filter((l) => l.trim()).map((line) => {
    const cols = line.trim().split(/\s+/)
    // Columns from the right: emb sub uni object-id generation.
    return { name: cols[0]!, embedded: cols[cols.length - 5] === 'yes' }
  })
}

/** Text without any whitespace, so wrapped lines and spacing around digits do not matter. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '')
}

/**
 * Problems with a rendered PDF: expected values that are not printed, fonts
 * that are not embedded or not Noto CJK, replacement characters (tofu).
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
    if (!/NotoS(erif|ans)CJK/.test(f.name)) problems.push(`非 Noto CJK 字体 unexpected font: ${f.name}`)
  }
  return problems
}
