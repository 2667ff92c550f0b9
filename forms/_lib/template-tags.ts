/**
 * The placeholders of a DOCX template, read by docxtemplater's own parser
 * (so a tag Word split over several runs reads as one, exactly as it will
 * render), with the loops each one sits in: `{#officers}{name}{/officers}`
 * gives `name` inside the scope `officers`. Used by the template checks
 * (form-checks.ts) and the placeholder reference page.
 */
import Docxtemplater from 'docxtemplater'
import InspectModule from 'docxtemplater/js/inspect-module.js'
import PizZip from 'pizzip'

export interface TemplateTag {
  /** The dotted path as written, without its filter: `party.name`, `$index`, `.`. */
  path: string
  /** The filter after `|`, if any: `date`, `money`, `laws`, … */
  filter: string | null
  /** Paths of the enclosing sections, outermost first (each a loop or a condition). */
  scopes: string[]
  /** `{#x}` or `{^x}`: a section (loop or condition) rather than a printed value. */
  section: boolean
  /** The tag as written between the braces. */
  raw: string
}

export class UnreadableTemplate extends Error {
  readonly type = 'UnreadableTemplate'
}

interface Part { type: string; value: string; module?: string; inverted?: boolean; subparsed?: Part[] }

interface ParseError { message?: string; properties?: { id?: string; xtag?: string; explanation?: string } }

/** docxtemplater's parse errors in the words of the placeholder guide. */
function chineseParseError(e: ParseError): string {
  const tag = e.properties?.xtag ?? ''
  switch (e.properties?.id) {
    case 'unclosed_loop': return `「{#${tag}}」没有对应的结束标记「{/${tag}}」`
    case 'unopened_loop': return `「{/${tag}}」没有对应的开始标记「{#${tag}}」`
    case 'closing_tag_does_not_match_opening_tag': return `结束标记与开始标记不一致（${tag}）`
    case 'unclosed_tag': return `占位符「{${tag}」缺少右花括号「}」`
    case 'unopened_tag': return `占位符「${tag}}」缺少左花括号「{」`
    case 'duplicate_open_tag': return `占位符「${tag}」多了一个左花括号`
    case 'duplicate_close_tag': return `占位符「${tag}」多了一个右花括号`
    default: return e.properties?.explanation ?? e.message ?? '无法解析'
  }
}

function splitTag(value: string): { path: string; filter: string | null } {
  const [path = '', filter] = value.split('|').map((s) => s.trim())
  return { path, filter: filter || null }
}

function collect(parts: Part[], scopes: string[], out: TemplateTag[]): void {
  for (const part of parts) {
    if (part.type !== 'placeholder') continue
    const { path, filter } = splitTag(part.value)
    const section = part.module === 'loop'
    out.push({ path, filter, scopes, section, raw: part.value })
    if (section && part.subparsed) collect(part.subparsed, [...scopes, path], out)
  }
}

/**
 * Every placeholder of the template in document order.
 * @throws UnreadableTemplate (Chinese message) for a file that is not a DOCX or whose tags do not parse.
 */
export function templateTags(template: Buffer): TemplateTag[] {
  let zip: PizZip
  try {
    zip = new PizZip(template)
  } catch {
    throw new UnreadableTemplate('无法读取模板：不是 DOCX 文件（请用 Word 或 WPS/LibreOffice 另存为 .docx）')
  }
  if (!zip.file('word/document.xml')) throw new UnreadableTemplate('无法读取模板：文件中没有 word/document.xml，不是 DOCX 文档')
  const inspect = new InspectModule()
  try {
    // Constructing with options compiles every templated part; nothing is rendered.
    new Docxtemplater(zip, { modules: [inspect], paragraphLoop: true, linebreaks: true, errorLogging: false })
  } catch (e) {
    const errors = (e as { properties?: { errors?: ParseError[] } }).properties?.errors ?? [e as ParseError]
    throw new UnreadableTemplate(`模板中的占位符写法有误：${errors.map(chineseParseError).join('；')}`)
  }
  const out: TemplateTag[] = []
  collect(inspect.getAllStructuredTags() as Part[], [], out)
  return out
}

/** The visible text of a DOCX body (its w:t runs): what "renders as it was" compares. */
export function bodyText(docx: Buffer): string {
  const xml = new PizZip(docx).file('word/document.xml')?.asText() ?? ''
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
}
