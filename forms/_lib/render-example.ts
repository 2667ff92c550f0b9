/**
 * `npm run zhifa -- forms render <key> [--example <name>] --pdf <file> [--docx <file>]`:
 * renders one example of a form (forms/<key>/examples/<name>.json, default
 * `valid`) with the sample number and verification code, so whoever checks a
 * template sees the printed page without issuing anything. Kept apart from
 * bin/commands/forms.ts, which only dispatches.
 */
import fs from 'node:fs'
import type { FormRegistry } from './registry.ts'
import { loadExamples } from './examples.ts'
import { SAMPLE_STAMP } from './check.ts'
import { LibreOfficeConverter, noPdfConverter } from '../../app/services/documents/converter.server.ts'
import { createRenderer } from '../../app/services/documents/render.server.ts'

export const RENDER_USAGE = '用法 usage: npm run zhifa -- forms render <key> [--example <name>] --pdf <file> [--docx <file>]'

interface RenderArgs { key: string; example: string; pdf?: string; docx?: string }

export function parseRenderArgs(args: string[]): RenderArgs | string {
  const [key, ...rest] = args
  if (!key || key.startsWith('--')) return '缺少表单 key missing form key'
  const out: RenderArgs = { key, example: 'valid' }
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i]
    const value = rest[i + 1]
    if (!value || value.startsWith('--')) return `${flag} 缺少取值 needs a value`
    if (flag === '--example') out.example = value.replace(/\.json$/, '')
    else if (flag === '--pdf') out.pdf = value
    else if (flag === '--docx') out.docx = value
    else return `未知选项 unknown option: ${flag}`
  }
  if (!out.pdf && !out.docx) return '至少给出 --pdf 或 --docx give --pdf or --docx'
  return out
}

export async function renderCommand(registry: FormRegistry, args: string[]): Promise<number> {
  const parsed = parseRenderArgs(args)
  if (typeof parsed === 'string') {
    console.error(`${parsed}\n${RENDER_USAGE}`)
    return 2
  }
  if (!registry.has(parsed.key)) {
    console.error(`未知的表单 unknown form: ${parsed.key}`)
    return 2
  }
  const form = registry.get(parsed.key)
  const examples = loadExamples(form)
  const example = examples.find((e) => e.file === `${parsed.example}.json`)
  if (!example) {
    console.error(`没有示例 no example ${parsed.example} in forms/${form.key}/examples (有 have: ${examples.map((e) => e.file.replace(/\.json$/, '')).join(', ')})`)
    return 2
  }
  const converter = parsed.pdf ? await LibreOfficeConverter.start() : noPdfConverter
  try {
    const renderer = createRenderer(converter)
    const docx = await renderer.renderDocx(form.template, example.payload, SAMPLE_STAMP)
    if (parsed.docx) {
      fs.writeFileSync(parsed.docx, docx)
      console.log(`已写出 wrote ${parsed.docx}`)
    }
    if (parsed.pdf) {
      if (!converter.available()) {
        console.error('无法生成 PDF（LibreOffice 不可用）PDF unavailable: LibreOffice is not installed')
        return 1
      }
      fs.writeFileSync(parsed.pdf, await renderer.renderPdf(docx))
      console.log(`已写出 wrote ${parsed.pdf}`)
    }
    return 0
  } finally {
    await converter.close()
  }
}
