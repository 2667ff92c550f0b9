/** Editing a DOCX template as Word would save it, for the template manager's tests. */
import PizZip from 'pizzip'

/** The template with one more line at the end, its tag split over two runs as Word saves an edited line. */
export function templateWithLine(template: Buffer, label: string, tag: string): Buffer {
  const zip = new PizZip(template)
  const half = Math.floor(tag.length / 2)
  const runs = `<w:r><w:t xml:space="preserve">${label}${tag.slice(0, half)}</w:t></w:r><w:r><w:t xml:space="preserve">${tag.slice(half)}</w:t></w:r>`
  zip.file('word/document.xml', zip.file('word/document.xml')!.asText().replace('<w:sectPr>', `<w:p>${runs}</w:p><w:sectPr>`))
  return zip.generate({ type: 'nodebuffer' })
}
