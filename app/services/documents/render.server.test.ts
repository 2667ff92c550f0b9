import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import PizZip from 'pizzip'
import { loadRegistry } from '../../../forms/_lib/registry.ts'
import { validExample } from '../../../forms/_lib/examples.ts'
import { SAMPLE_STAMP, closingTexts, expectedPrinted } from '../../../forms/_lib/check.ts'
import { LibreOfficeConverter, noPdfConverter, PdfUnavailable } from './converter.server.ts'
import { createRenderer } from './render.server.ts'
import { SC_FONT, lastPageProblems, pdfFonts, pdfPages, pdfProblems, pdfText, squash } from './pdf-text.server.ts'
import { capitalAmount, chineseDate } from './filters.ts'
import { PNG } from 'pngjs'
import jsQR from 'jsqr'
import { qrPng } from './qr-png.ts'

const registry = loadRegistry()

describe('every document rendered to PDF', () => {
  let converter: LibreOfficeConverter
  beforeAll(async () => {
    converter = await LibreOfficeConverter.start()
  })
  afterAll(async () => {
    await converter?.close()
  })

  // Each form's example is rendered once, whichever test asks first.
  const rendered = new Map<string, Promise<Buffer>>()
  const pdfOf = (key: string): Promise<Buffer> => {
    if (!rendered.has(key)) {
      const form = registry.get(key)
      const renderer = createRenderer(converter)
      rendered.set(key, renderer.renderDocx(form.template, validExample(form).payload, SAMPLE_STAMP).then((docx) => renderer.renderPdf(docx)))
    }
    return rendered.get(key)!
  }

  it('runs on one LibreOffice started once for the whole file', () => {
    expect(converter.available()).toBe(true)
    expect(converter.officePid()).toBeGreaterThan(0)
  })

  it('starts LibreOffice again when it died, and the document waiting for it still gets its PDF', async () => {
    const spare = await LibreOfficeConverter.start()
    try {
      const form = registry.get('inquiry-notice')
      const docx = await createRenderer(spare).renderDocx(form.template, validExample(form).payload, SAMPLE_STAMP)
      const before = spare.officePid()!
      process.kill(before, 'SIGKILL')
      const pdf = await spare.convert(docx)
      expect(squash(pdfText(pdf))).toContain(SAMPLE_STAMP.number)
      expect(spare.officePid()).not.toBe(before)
    } finally {
      await spare.close()
    }
  })

  it.each(registry.keys())('shows the number, party, officers and key fields of %s in embedded Noto CJK fonts with no missing glyph', async (key) => {
    const form = registry.get(key)
    const payload = validExample(form).payload
    const pdf = await pdfOf(key)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const expected = expectedPrinted(form, payload, SAMPLE_STAMP)
    expect(expected.length).toBeGreaterThanOrEqual(2)
    expect(pdfProblems(pdf, expected)).toEqual([])
    const text = squash(pdfText(pdf))
    expect(text).toContain(squash(form.manifest.title))
    if (form.manifest.numbered) {
      expect(text).toContain(SAMPLE_STAMP.code)
      expect(text).toContain(SAMPLE_STAMP.verifyUrl)
    }
    expect(pdfFonts(pdf).every((f) => f.embedded && /NotoS(erif|ans)CJK/.test(f.name))).toBe(true)
  })

  it.each(registry.keys())('prints %s on A4 in the SC faces only, with page numbers and a last page that is more than the closing block or the QR', async (key) => {
    const form = registry.get(key)
    const pdf = await pdfOf(key)
    expect(pdfFonts(pdf).filter((f) => !SC_FONT.test(f.name)), 'fonts other than Noto Serif/Sans CJK SC').toEqual([])
    const pages = pdfPages(pdf)
    pages.forEach((page, i) => expect(squash(page)).toContain(`第${i + 1}页共${pages.length}页`))
    expect(lastPageProblems(pdf, closingTexts(validExample(form).payload, SAMPLE_STAMP))).toEqual([])
  })

  it('the last-page rule finds a last page that holds only the organ, seal, date and QR caption', async () => {
    const form = registry.get('penalty-decision')
    const payload = validExample(form).payload
    // The template without the unbreakable closing, and a page break before the organ's name.
    const broken = new PizZip(form.template)
    const xml = broken.file('word/document.xml')!.asText()
    const wrapper = xml.lastIndexOf('<w:tbl><w:tblPr>', xml.indexOf('（印章）'))
    const inner = xml.slice(wrapper).replace(/^.*?<\/w:tcPr>/s, '').replace(/<\/w:tc><\/w:tr><\/w:tbl>(<w:sectPr>)/, '$1')
    const organ = inner.lastIndexOf('<w:p>', inner.lastIndexOf('<w:p>', inner.indexOf('（印章）')) - 1)
    broken.file('word/document.xml', xml.slice(0, wrapper) + inner.slice(0, organ) + '<w:p><w:r><w:br w:type="page"/></w:r></w:p>' + inner.slice(organ))
    const renderer = createRenderer(converter)
    const pdf = await renderer.renderPdf(await renderer.renderDocx(broken.generate({ type: 'nodebuffer' }), payload, SAMPLE_STAMP))
    expect(pdfPages(pdf).length).toBeGreaterThan(1)
    expect(lastPageProblems(pdf, closingTexts(payload, SAMPLE_STAMP))).toHaveLength(1)
  })
})

describe('the DOCX renderer', () => {
  const renderer = createRenderer(noPdfConverter)
  const form = registry.get('rectification-order')

  it('works without LibreOffice, and says that PDF is unavailable', async () => {
    expect(renderer.pdfAvailable()).toBe(false)
    const docx = await renderer.renderDocx(form.template, validExample(form).payload, SAMPLE_STAMP)
    const xml = new PizZip(docx).file('word/document.xml')!.asText()
    expect(xml).toContain('伊宁市恒安化工有限公司')
    expect(xml).toContain(SAMPLE_STAMP.number)
    await expect(renderer.renderPdf(docx)).rejects.toBeInstanceOf(PdfUnavailable)
  })

  it('puts a QR code that a phone reads as the verification address where the template had its placeholder', async () => {
    const docx = await renderer.renderDocx(form.template, validExample(form).payload, SAMPLE_STAMP)
    const png = PNG.sync.read(new PizZip(docx).file('word/media/qr.png')!.asNodeBuffer())
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(SAMPLE_STAMP.verifyUrl)
  })

  it('encodes QR codes that decode back to their text', () => {
    for (const text of ['https://zhifa.example/verify/K7QX3M9P2TRW8VZC', 'http://10.0.0.1:3000/verify/0000000000000000']) {
      const png = PNG.sync.read(qrPng(text))
      expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(text)
    }
  })

  it('leaves no template tag in the output', async () => {
    for (const f of registry.all()) {
      const docx = await renderer.renderDocx(f.template, validExample(f).payload, SAMPLE_STAMP)
      const text = new PizZip(docx).file('word/document.xml')!.asText().replace(/<[^>]+>/g, '')
      expect(text, f.key).not.toMatch(/[{}]/)
    }
  })
})

describe('printed values', () => {
  it('write dates the Chinese way', () => {
    expect(chineseDate('2026-03-02')).toBe('2026年3月2日')
    expect(chineseDate('2026-03-02T09:30:00+08:00')).toBe('2026年3月2日9时30分')
  })

  it('write amounts in capital numerals as on receipts', () => {
    expect(capitalAmount(30000)).toBe('叁万元整')
    expect(capitalAmount(2000)).toBe('贰仟元整')
    expect(capitalAmount(100500.5)).toBe('壹拾万零伍佰元伍角')
    expect(capitalAmount(1010)).toBe('壹仟零壹拾元整')
    expect(capitalAmount(0.07)).toBe('柒分')
  })
})
