/**
 * The Simplified-Chinese faces of fonts-noto-cjk as LibreOffice must see
 * them. Debian ships Noto CJK only as collections (.ttc) in which the JP,
 * KR, SC, TC and HK faces share one CFF table; LibreOffice's PDF export
 * draws every face of such a collection with the glyphs of the first (JP)
 * face and embeds it under the CFF's JP name, whatever the document asks for
 * (measured here: 骨 and 返 came out in their Japanese forms). So before the
 * converter starts, the SC face of each collection is copied out into a
 * font of its own (tables copied byte for byte, the CFF name changed from
 * …CJKjp-… to …CJKsc-…, same length) and LibreOffice runs with a fontconfig
 * file that adds those fonts and hides the collections. See
 * docs/decisions/027.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const NOTO_DIR = '/usr/share/fonts/opentype/noto'
const COLLECTIONS = ['NotoSerifCJK-Regular.ttc', 'NotoSerifCJK-Bold.ttc', 'NotoSansCJK-Regular.ttc', 'NotoSansCJK-Bold.ttc']

interface TableRecord { tag: string; checksum: number; offset: number; length: number }

function tableRecords(ttc: Buffer, faceOffset: number): { sfntVersion: number; tables: TableRecord[] } {
  const sfntVersion = ttc.readUInt32BE(faceOffset)
  const count = ttc.readUInt16BE(faceOffset + 4)
  const tables: TableRecord[] = []
  for (let i = 0; i < count; i++) {
    const at = faceOffset + 12 + i * 16
    tables.push({ tag: ttc.toString('latin1', at, at + 4), checksum: ttc.readUInt32BE(at + 4), offset: ttc.readUInt32BE(at + 8), length: ttc.readUInt32BE(at + 12) })
  }
  return { sfntVersion, tables }
}

/** The PostScript name (name ID 6) of a face, from its `name` table. */
function postScriptName(ttc: Buffer, name: TableRecord): string {
  const base = name.offset
  const count = ttc.readUInt16BE(base + 2)
  const strings = base + ttc.readUInt16BE(base + 4)
  for (let i = 0; i < count; i++) {
    const at = base + 6 + i * 12
    const platform = ttc.readUInt16BE(at)
    if (ttc.readUInt16BE(at + 6) !== 6) continue
    const raw = ttc.subarray(strings + ttc.readUInt16BE(at + 10), strings + ttc.readUInt16BE(at + 10) + ttc.readUInt16BE(at + 8))
    return platform === 3 || platform === 0 ? Buffer.from(raw).swap16().toString('utf16le') : raw.toString('latin1')
  }
  return ''
}

function checksum(data: Buffer): number {
  let sum = 0
  const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)])
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0
  return sum
}

/** Copies the face whose PostScript name matches out of a collection into a standalone OpenType font. */
export function extractFace(ttc: Buffer, match: RegExp): { name: string; font: Buffer } | null {
  if (ttc.toString('latin1', 0, 4) !== 'ttcf') return null
  const faces = ttc.readUInt32BE(8)
  for (let f = 0; f < faces; f++) {
    const { sfntVersion, tables } = tableRecords(ttc, ttc.readUInt32BE(12 + f * 4))
    const nameTable = tables.find((t) => t.tag === 'name')
    const name = nameTable ? postScriptName(ttc, nameTable) : ''
    if (!match.test(name)) continue
    const data = tables.map((t) => {
      const bytes = Buffer.from(ttc.subarray(t.offset, t.offset + t.length))
      // The shared CFF names the JP face; this copy is the SC face (same length, so no offset moves).
      if (t.tag === 'CFF ') for (let i = bytes.indexOf('CJKjp-'); i >= 0; i = bytes.indexOf('CJKjp-', i + 1)) bytes.write('CJKsc-', i, 'latin1')
      return bytes
    })
    const headerLength = 12 + tables.length * 16
    const out: Buffer[] = []
    const header = Buffer.alloc(headerLength)
    const power = 2 ** Math.floor(Math.log2(tables.length))
    header.writeUInt32BE(sfntVersion, 0)
    header.writeUInt16BE(tables.length, 4)
    header.writeUInt16BE(power * 16, 6)
    header.writeUInt16BE(Math.log2(power), 8)
    header.writeUInt16BE(tables.length * 16 - power * 16, 10)
    let offset = headerLength
    tables.forEach((t, i) => {
      const bytes = data[i]!
      const at = 12 + i * 16
      header.write(t.tag, at, 'latin1')
      header.writeUInt32BE(t.tag === 'CFF ' ? checksum(bytes) : t.checksum, at + 4)
      header.writeUInt32BE(offset, at + 8)
      header.writeUInt32BE(bytes.length, at + 12)
      out.push(bytes, Buffer.alloc((4 - (bytes.length % 4)) % 4))
      offset += bytes.length + ((4 - (bytes.length % 4)) % 4)
    })
    return { name, font: Buffer.concat([header, ...out]) }
  }
  return null
}

/**
 * Writes (once per machine) the SC fonts and a fontconfig file naming them,
 * and returns the environment LibreOffice must run with; empty when
 * fonts-noto-cjk is not installed (LibreOffice then uses what it finds).
 */
export function scFontEnvironment(cacheRoot = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache')): Record<string, string> {
  try {
    return writeScFonts(cacheRoot)
  } catch (error) {
    // A read-only home must not stop PDFs: they then embed the collections' faces.
    console.error(`无法准备简体中文字体 SC fonts not prepared: ${(error as Error).message}`)
    return {}
  }
}

function writeScFonts(cacheRoot: string): Record<string, string> {
  const sources = COLLECTIONS.map((f) => path.join(NOTO_DIR, f)).filter((f) => fs.existsSync(f))
  if (sources.length === 0) return {}
  const dir = path.join(cacheRoot, 'zhifa', 'fonts-sc')
  const fontsDir = path.join(dir, 'fonts')
  fs.mkdirSync(fontsDir, { recursive: true })
  for (const source of sources) {
    const target = path.join(fontsDir, path.basename(source).replace('CJK-', 'CJKsc-').replace(/\.ttc$/, '.otf'))
    if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= fs.statSync(source).mtimeMs) continue
    const face = extractFace(fs.readFileSync(source), /^NotoS(erif|ans)CJKsc-/)
    if (!face) continue
    // Written under another name first, so a converter starting at the same moment never reads half a font.
    const partial = `${target}.${process.pid}.part`
    fs.writeFileSync(partial, face.font)
    fs.renameSync(partial, target)
  }
  const conf = path.join(dir, 'fonts.conf')
  const xml = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${fontsDir}</dir>
  <cachedir>${path.join(dir, 'cache')}</cachedir>
  <selectfont><rejectfont><glob>${NOTO_DIR}/NotoS*CJK-*.ttc</glob></rejectfont></selectfont>
</fontconfig>
`
  if (!fs.existsSync(conf) || fs.readFileSync(conf, 'utf8') !== xml) fs.writeFileSync(conf, xml)
  return { FONTCONFIG_FILE: conf }
}
