/**
 * Size and complexity limits of a definition, checked first and cheaply,
 * before anything parses the XML: one linear scan of the text. A definition
 * over a limit is refused with a Chinese message naming the limit, so no
 * later check (parser, bpmnlint, our rules, bpmn-engine) ever sees an input
 * large or deep enough to run long, run out of memory or overflow the stack.
 * The numbers are far above what a procedure of the regulation needs (the
 * largest shipped definition is about 20 KB, 60 elements, depth 6).
 */
import type { DefinitionProblem } from '../errors.ts'

export const DEFINITION_LIMITS = {
  /** Bytes of XML (UTF-8). */
  maxBytes: 1_000_000,
  /** Start tags of any kind (BPMN, DI, extensions). */
  maxElements: 20_000,
  /** Nesting depth of XML elements. */
  maxDepth: 48,
  /** Nesting of sub-processes inside each other. */
  maxSubProcessDepth: 8,
  /** Flow elements (tasks, events, gateways, flows) of the whole process. */
  maxFlowElements: 2_000,
  /** Characters of one FEEL expression (condition, zf:due, zf:assignee, cardinality). */
  maxExpressionLength: 1_000,
  /** Nesting of brackets in one FEEL expression. */
  maxExpressionDepth: 24,
  /** Characters of any single attribute value or text body. */
  maxTextLength: 10_000,
  /** Instances of one multi-instance step, at deploy (a number) and at run time (a FEEL result). */
  maxCardinality: 50,
  /** Timers and calendar-day deadlines: at most this far ahead. */
  maxTimerDays: 3 * 366,
  /** zf:due in working days: at most this many (the calendar answers them, provisional years included). */
  maxWorkingDays: 366,
  /** Elements bpmn-engine may enter during one operation (start, complete, fire a timer). */
  maxStepsPerOperation: 1_000,
  /** Open tasks of one instance at a time. */
  maxOpenTasks: 200,
  /** Milliseconds one operation may spend inside bpmn-engine before it is failed (checked every 64 elements: a normal operation never reaches the check). */
  maxOperationMs: 1_000,
} as const

/** Bytes of the text in UTF-8, counted without Node's Buffer (this check also runs in the studio's browser page). */
function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      // A surrogate pair is one code point of four bytes.
      bytes += 4
      i += 1
    } else bytes += 3
  }
  return bytes
}

function limitProblem(code: string, message: string, messageEn: string): DefinitionProblem {
  return { elementId: null, code, message, messageEn }
}

const ASCII_COMPATIBLE = /^(?:utf-?8|us-ascii|ascii|iso-8859-\d+|latin-?1|windows-125\d|cp125\d|gb2312|gbk|gb18030)$/i

export type Prescan = { ok: true; xml: string } | { ok: false; problems: DefinitionProblem[] }

/**
 * One pass over the text: size, DOCTYPE, encoding declaration, element count
 * and nesting depth. Returns the XML to parse (with an ASCII-compatible
 * encoding declaration rewritten to UTF-8 when the text is plain ASCII).
 */
export function prescanDefinition(input: string): Prescan {
  const L = DEFINITION_LIMITS
  const bytes = utf8Length(input)
  if (bytes > L.maxBytes) {
    return { ok: false, problems: [limitProblem('LIMIT_FILE_SIZE', `文件过大：${bytes} 字节，上限 ${L.maxBytes} 字节`, `file too large: ${bytes} bytes, limit ${L.maxBytes}`)] }
  }
  let xml = input.replace(/^\uFEFF/, '').trim()
  if (xml === '') return { ok: false, problems: [limitProblem('XML_EMPTY', '文件为空', 'the file is empty')] }
  const declaration = /^<\?xml\b[^?]*\bencoding\s*=\s*["']([^"']+)["'][^?]*\?>/.exec(xml)
  if (declaration) {
    const encoding = declaration[1]!
    if (!/^utf-?8$/i.test(encoding)) {
      // eslint-disable-next-line no-control-regex -- ASCII is exactly the range below 0x80
      const ascii = /^[\u0000-\u007f]*$/.test(xml)
      if (!ascii || !ASCII_COMPATIBLE.test(encoding)) {
        return { ok: false, problems: [limitProblem('XML_ENCODING_UNSUPPORTED', `文件声明的编码「${encoding}」不受支持，且内容含非 ASCII 字符：请以 UTF-8 保存并声明 encoding="UTF-8"`, `encoding "${encoding}" is not supported for non-ASCII content: save as UTF-8`)] }
      }
      // Plain ASCII reads the same in every ASCII-compatible encoding: say UTF-8 so the parser does not stop at the declaration.
      xml = xml.replace(declaration[0], declaration[0].replace(encoding, 'UTF-8'))
    }
  }
  let depth = 0
  let maxDepth = 0
  let elements = 0
  let i = 0
  const n = xml.length
  while (i < n) {
    const open = xml.indexOf('<', i)
    if (open < 0) break
    if (xml.startsWith('<!--', open)) {
      const end = xml.indexOf('-->', open + 4)
      i = end < 0 ? n : end + 3
      continue
    }
    if (xml.startsWith('<![CDATA[', open)) {
      const end = xml.indexOf(']]>', open + 9)
      i = end < 0 ? n : end + 3
      continue
    }
    if (xml.startsWith('<!', open)) {
      const what = /^<!\s*([A-Za-z]+)/.exec(xml.slice(open, open + 20))?.[1]?.toUpperCase() ?? ''
      return { ok: false, problems: [limitProblem('XML_DOCTYPE_FORBIDDEN', `不允许 <!${what}> 声明（DOCTYPE、实体）：流程定义不得引用外部文件或定义实体`, `<!${what}> declarations (DOCTYPE, entities) are not allowed`)] }
    }
    if (xml.startsWith('<?', open)) {
      const end = xml.indexOf('?>', open + 2)
      i = end < 0 ? n : end + 2
      continue
    }
    const close = xml.indexOf('>', open + 1)
    if (close < 0) break
    if (xml[open + 1] === '/') {
      depth -= 1
    } else {
      elements += 1
      if (xml[close - 1] !== '/') {
        depth += 1
        if (depth > maxDepth) maxDepth = depth
      }
    }
    if (elements > L.maxElements) {
      return { ok: false, problems: [limitProblem('LIMIT_ELEMENTS', `元素过多：超过 ${L.maxElements} 个 XML 元素`, `too many elements: more than ${L.maxElements} XML elements`)] }
    }
    if (maxDepth > L.maxDepth) {
      return { ok: false, problems: [limitProblem('LIMIT_DEPTH', `嵌套过深：XML 元素嵌套超过 ${L.maxDepth} 层（子流程请勿层层嵌套）`, `nesting too deep: more than ${L.maxDepth} levels of XML elements`)] }
    }
    i = close + 1
  }
  return { ok: true, xml }
}

/** Problems of one FEEL expression's size, checked before it is parsed. */
export function expressionSizeProblem(text: string): { code: string; message: string; messageEn: string } | null {
  const L = DEFINITION_LIMITS
  if (text.length > L.maxExpressionLength) {
    return { code: 'LIMIT_EXPRESSION_LENGTH', message: `表达式过长：${text.length} 个字符，上限 ${L.maxExpressionLength}`, messageEn: `expression too long: ${text.length} characters, limit ${L.maxExpressionLength}` }
  }
  let depth = 0
  for (const c of text) {
    if (c === '(' || c === '[' || c === '{') depth += 1
    else if (c === ')' || c === ']' || c === '}') depth -= 1
    if (depth > L.maxExpressionDepth) {
      return { code: 'LIMIT_EXPRESSION_DEPTH', message: `表达式括号嵌套超过 ${L.maxExpressionDepth} 层`, messageEn: `expression nested more than ${L.maxExpressionDepth} levels` }
    }
  }
  return null
}
