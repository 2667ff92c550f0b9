/**
 * Writes `forms/<key>/template.docx` from `forms/<key>/layout.json` and the
 * shared blocks in `forms/_common/blocks.json`, so templates are reviewed
 * as text and regenerated, never edited by hand. The zip is deterministic
 * (fixed dates, fixed order): the same layout gives the same bytes, and so
 * the same form version.
 *
 *   npm run forms:templates            rewrite every template
 *   npm run forms:templates -- --check exit 1 when a template is out of date
 */
import fs from 'node:fs'
import path from 'node:path'
import PizZip from 'pizzip'
import { CONTENT_TYPES, DOCUMENT_RELS, FOOTER_PATH, PLACEHOLDER_PNG, QR_MEDIA_PATH, ROOT_RELS, coreXml, documentXml, footerXml, stylesXml } from './docx-xml.ts'
import { layoutToXml, type Layout, type SharedBlocks } from './layout.ts'
import { FORMS_DIR, formKeysIn } from './registry.ts'
import type { FormManifest } from './manifest.ts'

// Local midnight, so the DOS time fields in the zip are the same in every time zone.
const FIXED_DATE = new Date(2026, 0, 1)

export function readSharedBlocks(dir = FORMS_DIR): SharedBlocks {
  return JSON.parse(fs.readFileSync(path.join(dir, '_common', 'blocks.json'), 'utf8')) as SharedBlocks
}

export function buildTemplate(layout: Layout, title: string, shared: SharedBlocks): Buffer {
  const zip = new PizZip()
  const add = (name: string, data: string | Buffer) => zip.file(name, data, { date: FIXED_DATE, createFolders: false })
  add('[Content_Types].xml', CONTENT_TYPES)
  add('_rels/.rels', ROOT_RELS)
  add('docProps/core.xml', coreXml(layout.title ?? title))
  add('word/document.xml', documentXml(layoutToXml(layout, title, shared)))
  add('word/styles.xml', stylesXml())
  add(FOOTER_PATH, footerXml(layout.footerSignature))
  add('word/_rels/document.xml.rels', DOCUMENT_RELS)
  add(QR_MEDIA_PATH, PLACEHOLDER_PNG)
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE', date: FIXED_DATE } as PizZip.GenerateOptions & { type: 'nodebuffer' })
}

export function buildFormTemplate(dir: string, key: string, shared: SharedBlocks): Buffer {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, key, 'form.json'), 'utf8')) as FormManifest
  const layout = JSON.parse(fs.readFileSync(path.join(dir, key, 'layout.json'), 'utf8')) as Layout
  return buildTemplate(layout, manifest.title, shared)
}

/** Returns the keys whose template.docx differs from what the layout gives. */
export function buildAll(dir = FORMS_DIR, { write }: { write: boolean }): string[] {
  const shared = readSharedBlocks(dir)
  const changed: string[] = []
  for (const key of formKeysIn(dir)) {
    const bytes = buildFormTemplate(dir, key, shared)
    const file = path.join(dir, key, 'template.docx')
    if (!fs.existsSync(file) || !fs.readFileSync(file).equals(bytes)) {
      changed.push(key)
      if (write) fs.writeFileSync(file, bytes)
    }
  }
  return changed
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const check = process.argv.includes('--check')
  const changed = buildAll(FORMS_DIR, { write: !check })
  if (check && changed.length) {
    console.error(`模板未更新 templates out of date: ${changed.join(', ')} — run npm run forms:templates`)
    process.exitCode = 1
  } else {
    console.log(check ? '模板均为最新 templates up to date' : `已生成 wrote ${changed.length} template(s)${changed.length ? `: ${changed.join(', ')}` : ''}`)
  }
}
