/**
 * The WordprocessingML our templates are made of: a small, fixed vocabulary
 * (paragraphs, runs, tables, one inline image) so the generated XML stays
 * readable in review. Fonts are Noto CJK only, so every PDF embeds them and
 * nothing falls back to a font without Chinese glyphs.
 */

export const FONT_BODY = 'Noto Serif CJK SC'
export const FONT_HEADING = 'Noto Sans CJK SC'

/** Half-points, as WordprocessingML counts font sizes. */
export const SIZE = { banner: 28, title: 36, department: 30, heading: 26, body: 24, small: 21 } as const

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

export interface RunStyle {
  bold?: boolean
  size?: number
  font?: string
  underline?: boolean
}

export function run(text: string, style: RunStyle = {}): string {
  const props = [
    style.font ? `<w:rFonts w:ascii="${style.font}" w:hAnsi="${style.font}" w:eastAsia="${style.font}" w:cs="${style.font}"/>` : '',
    style.bold ? '<w:b/><w:bCs/>' : '',
    style.underline ? '<w:u w:val="single"/>' : '',
    style.size ? `<w:sz w:val="${style.size}"/><w:szCs w:val="${style.size}"/>` : '',
  ].join('')
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`
}

export interface ParagraphStyle {
  align?: 'left' | 'center' | 'right' | 'both'
  /** First-line indent in characters (two for body text). */
  indentChars?: number
  /** Space after, in points. */
  after?: number
  before?: number
  keepNext?: boolean
  /** Never split this paragraph across pages. */
  keepLines?: boolean
}

export function paragraph(runs: string, style: ParagraphStyle = {}): string {
  const props = [
    style.keepNext ? '<w:keepNext/>' : '',
    style.keepLines ? '<w:keepLines/>' : '',
    style.before !== undefined || style.after !== undefined
      ? `<w:spacing w:before="${(style.before ?? 0) * 20}" w:after="${(style.after ?? 0) * 20}"/>` : '',
    style.indentChars ? `<w:ind w:firstLineChars="${style.indentChars * 100}" w:firstLine="${style.indentChars * SIZE.body * 10}"/>` : '',
    style.align ? `<w:jc w:val="${style.align === 'both' ? 'both' : style.align === 'left' ? 'left' : style.align}"/>` : '',
  ].join('')
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${runs}</w:p>`
}

/** A table with borders; widths in twentieths of a point (twips), summing to the text width. */
export function table(rows: string[][], widths: number[], header = false): string {
  const grid = widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`
  const borders = `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders>`
  const body = rows.map((cells, r) => {
    const tcs = cells.map((content, c) => `<w:tc><w:tcPr><w:tcW w:w="${widths[c]}" w:type="dxa"/></w:tcPr>${content || paragraph('')}</w:tc>`).join('')
    return `<w:tr><w:trPr><w:cantSplit/>${r === 0 && header ? '<w:tblHeader/>' : ''}</w:trPr>${tcs}</w:tr>`
  }).join('')
  return `<w:tbl><w:tblPr><w:tblW w:w="${widths.reduce((a, b) => a + b, 0)}" w:type="dxa"/>${borders}<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>${grid}</w:tblGrid>${body}</w:tbl>`
}

/**
 * A borderless one-cell table whose row may not break across pages: what it
 * holds moves to the next page as a whole. LibreOffice does not honour
 * keep-with-next chains reliably at the end of a document (measured: the
 * date stayed on page 1 and the QR went alone to page 2), but it never
 * splits such a row unless it is taller than a page.
 */
export function unbreakable(content: string): string {
  const none = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((side) => `<w:${side} w:val="nil"/>`).join('')
  return `<w:tbl><w:tblPr><w:tblW w:w="${TEXT_WIDTH}" w:type="dxa"/><w:tblBorders>${none}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w="${TEXT_WIDTH}"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="${TEXT_WIDTH}" w:type="dxa"/></w:tcPr>${content}</w:tc></w:tr></w:tbl>`
}

export const QR_REL_ID = 'rIdQr'
export const QR_MEDIA_PATH = 'word/media/qr.png'

/**
 * The QR code placeholder: a picture whose bytes the renderer swaps for the
 * document's own code. Floating at the left of the paragraph it is anchored
 * in, with the caption flowing beside it, so the whole QR block is made of
 * paragraphs that keep-with-next can hold on the page of the closing block
 * (LibreOffice does not keep a paragraph with a following table).
 */
export function qrImage(sizeMm = 24): string {
  const emu = Math.round(sizeMm * 36000)
  const gap = Math.round(4 * 36000)
  const picture = `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="qr.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="${QR_REL_ID}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${emu}" cy="${emu}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>`
  return `<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="${gap}" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="0"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="${emu}" cy="${emu}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare wrapText="right"/><wp:docPr id="1" name="验证二维码"/><wp:cNvGraphicFramePr/>${picture}</wp:anchor></w:drawing></w:r>`
}

const NS = [
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"',
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"',
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"',
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"',
  'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"',
].join(' ')

// A4 with the margins of GB/T 9704 (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm).
export const TEXT_WIDTH = 11906 - 1588 - 1474

export function documentXml(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${NS}><w:body>${body}<w:sectPr><w:footerReference w:type="default" r:id="${FOOTER_REL_ID}"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`
}

export const FOOTER_REL_ID = 'rIdFooter'
export const FOOTER_PATH = 'word/footer1.xml'

/**
 * 第 X 页 共 Y 页, centred at the foot of every page (PAGE and NUMPAGES fields);
 * with `signature` (e.g. 被询问人（签名）：) a blank signature line before it on every page.
 */
export function footerXml(signature?: string): string {
  const field = (instr: string) => `<w:fldSimple w:instr=" ${instr} \\* Arabic "><w:r><w:rPr><w:sz w:val="${SIZE.small}"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>`
  const text = (t: string) => run(t, { size: SIZE.small })
  const pages = `${text('第 ')}${field('PAGE')}${text(' 页　共 ')}${field('NUMPAGES')}${text(' 页')}`
  const line = signature ? `${text(`${signature}＿＿＿＿＿＿＿＿＿＿\u3000\u3000\u3000\u3000`)}${pages}` : pages
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr ${NS}>${paragraph(line, { align: signature ? 'right' : 'center' })}</w:ftr>`
}

export function stylesXml(): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="${FONT_BODY}" w:hAnsi="${FONT_BODY}" w:eastAsia="${FONT_BODY}" w:cs="${FONT_BODY}"/><w:sz w:val="${SIZE.body}"/><w:szCs w:val="${SIZE.body}"/><w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after="0" w:line="400" w:lineRule="atLeast"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>`
}

export const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`

export const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`

export const DOCUMENT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="${QR_REL_ID}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/qr.png"/><Relationship Id="${FOOTER_REL_ID}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>`

export function coreXml(title: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${esc(title)}</dc:title><dc:language>zh-CN</dc:language><dc:creator>执法 Zhifa</dc:creator></cp:coreProperties>`
}

/** A 1×1 white PNG: the QR placeholder in a template before rendering. */
export const PLACEHOLDER_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==', 'base64')
