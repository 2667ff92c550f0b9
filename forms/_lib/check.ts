/**
 * Everything `npm run zhifa -- forms check` proves about the forms: the
 * registry loads, templates match their layouts, every schema compiles,
 * valid examples pass, invalid ones fail at the fields they name with
 * Chinese messages, and every template renders its valid example — to DOCX
 * always, to PDF (with the expected text, embedded SC faces of Noto CJK and
 * a last page that is more than the closing block) when LibreOffice is there.
 */
import { buildAll } from './build-templates.ts'
import { loadExamples, valueAt } from './examples.ts'
import type { FormRegistry, LoadedForm } from './registry.ts'
import { createFormValidator } from './validator.ts'
import type { DocumentRenderer, DocumentStamp } from '../../app/services/documents/render.server.ts'
import { lastPageProblems, pdfProblems } from '../../app/services/documents/pdf-text.server.ts'
import { filters } from '../../app/services/documents/filters.ts'
import { readSharedBlocks } from './build-templates.ts'

export const SAMPLE_STAMP: DocumentStamp = { number: '（伊州）应急样〔2026〕8号', code: 'K7QX-3M9P-2TRW-8VZC', verifyUrl: 'https://zhifa.example/verify/K7QX3M9P2TRW8VZC' }

const HAS_CJK = /[\u4e00-\u9fff]/

/** Values a rendered document must show, from the manifest's `printed` paths. */
export function expectedPrinted(form: LoadedForm, payload: Record<string, unknown>, stamp: DocumentStamp): string[] {
  return form.manifest.printed.map((p) => valueAt({ ...payload, doc: stamp }, p)).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String)
}

/**
 * The printed texts of the closing blocks (organ, seal, date; the
 * verification QR's caption), from forms/_common/blocks.json filled with a
 * payload: what a last page must hold more than.
 */
export function closingTexts(payload: Record<string, unknown>, stamp: DocumentStamp, dir?: string): string[] {
  const shared = readSharedBlocks(dir)
  const texts = [...(shared.signature ?? []), ...(shared.verification ?? [])].flatMap((b) => ('p' in b ? [b.p] : 'qr' in b ? b.qr : []))
  const data = { ...payload, doc: stamp }
  // Sections as docxtemplater reads them: {#path}…{/path} when the value is set, {^path}…{/path} when not.
  const sections = (text: string) => text.replace(/\{([#^])([^{}]+)\}(.*?)\{\/\2\}/gs, (_, kind: string, path: string, inner: string) => {
    const value = valueAt(data, path.trim())
    const set = Array.isArray(value) ? value.length > 0 : Boolean(value)
    return set === (kind === '#') ? inner : ''
  })
  return texts.map((text) => sections(text).replace(/\{([^{}|]+)(?:\|([^{}]+))?\}/g, (_, path: string, filter?: string) => {
    const value = valueAt(data, path.trim())
    return String((filter ? filters[filter.trim()]?.(value) : value) ?? '')
  }))
}

export function exampleProblems(registry: FormRegistry): Map<string, string[]> {
  const validator = createFormValidator(registry)
  const problems = new Map<string, string[]>()
  for (const form of registry.all()) {
    const list: string[] = []
    const examples = loadExamples(form)
    if (!examples.some((e) => e.valid)) list.push('缺少合法示例 no valid example')
    if (examples.filter((e) => !e.valid).length < 2) list.push('非法示例少于两个 fewer than two invalid examples')
    for (const ex of examples) {
      const r = validator.validate(form.key, ex.payload)
      if (ex.valid && !r.ok) list.push(`${ex.file}: 应通过却被拒绝 refused: ${r.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`)
      if (!ex.valid) {
        if (!ex.description) list.push(`${ex.file}: 未说明错在哪里 no description`)
        if (r.ok) list.push(`${ex.file}: 应被拒绝却通过 accepted (${ex.description})`)
        else {
          const paths = r.errors.map((e) => e.path)
          for (const p of ex.expectedErrors) if (!paths.includes(p)) list.push(`${ex.file}: 缺少对 ${p} 的错误 no error at ${p} (got ${paths.join(', ')})`)
          for (const e of r.errors) if (!HAS_CJK.test(e.message)) list.push(`${ex.file}: 错误信息不是中文 message not Chinese: ${e.message}`)
        }
      }
    }
    problems.set(form.key, list)
  }
  return problems
}

export interface CheckReport {
  ok: boolean
  lines: string[]
}

export async function checkForms(registry: FormRegistry, renderer: DocumentRenderer): Promise<CheckReport> {
  const lines: string[] = []
  let ok = true
  const stale = buildAll(registry.dir, { write: false })
  if (stale.length) {
    ok = false
    lines.push(`✗ 模板与版式描述不一致 templates out of date: ${stale.join(', ')} (npm run forms:templates)`)
  }
  const examples = exampleProblems(registry)
  const pdf = renderer.pdfAvailable()
  if (!pdf) lines.push('! LibreOffice 不可用：只检查 DOCX LibreOffice unavailable: DOCX only')
  for (const form of registry.all()) {
    const list = [...(examples.get(form.key) ?? [])]
    // Every valid example is rendered: variants (an individual party, …) print other parts of the template.
    const valid = loadExamples(form).filter((e) => e.valid)
    for (const ex of valid) {
      try {
        const docx = await renderer.renderDocx(form.template, ex.payload, SAMPLE_STAMP)
        if (pdf) {
          const rendered = await renderer.renderPdf(docx)
          const problems = [...pdfProblems(rendered, expectedPrinted(form, ex.payload, SAMPLE_STAMP)), ...lastPageProblems(rendered, closingTexts(ex.payload, SAMPLE_STAMP, registry.dir))]
          list.push(...problems.map((p) => (valid.length > 1 ? `${ex.file}: ${p}` : p)))
        }
      } catch (e) {
        list.push(`${ex.file}: 渲染失败 render failed: ${(e as Error).message}`)
      }
    }
    if (list.length) ok = false
    lines.push(`${list.length ? '✗' : '✓'} ${form.key.padEnd(30)} ${form.manifest.title}  v${form.contentHash.slice(0, 12)}`)
    for (const p of list) lines.push(`    ${p}`)
  }
  lines.push(ok ? `全部通过 all ${registry.all().length} forms pass` : '存在问题 problems found')
  return { ok, lines }
}
