/**
 * What a form version must pass before the studio saves it or a template is
 * activated (issue 13): the schema compiles, every example does what it says
 * (valid ones pass; invalid ones fail, at the fields they name), and every
 * placeholder of the template names a field of the schema (or the stamp)
 * with a known filter. Fields no placeholder prints are warnings, not
 * problems. Pure: the server runs them, the unit tests prove them.
 */
import { createAjv } from './ajv.ts'
import type { FormExample } from './examples.ts'
import { toFieldErrors } from './messages.ts'
import type { JsonSchema } from './schema-ref.ts'
import { fieldsOf, resolveTag, rootScope, type TagScope } from './schema-fields.ts'
import type { TemplateTag } from './template-tags.ts'
import { filters } from '../../app/services/documents/filters.ts'

export interface FormCheckReport {
  /** Refusals, in Chinese, each naming what is wrong. Non-empty: nothing may be saved. */
  problems: string[]
  /** Worth knowing, not blocking (fields no placeholder prints). */
  warnings: string[]
  /** Paths of fields no placeholder prints. */
  unprinted: string[]
}

/** Compiles the schema on a fresh Ajv (our keywords and formats); the reason in Chinese, or null. */
export function compileProblem(schema: JsonSchema): string | null {
  try {
    createAjv().compile(schema)
    return null
  } catch (e) {
    return `表单结构（JSON Schema）无法编译：${(e as Error).message.split('\n')[0]}`
  }
}

/** Valid examples must pass; invalid ones must be refused with an error at every path they expect. */
export function exampleProblems(schema: JsonSchema, examples: FormExample[]): string[] {
  if (compileProblem(schema)) return []
  const validate = createAjv().compile(schema)
  const problems: string[] = []
  if (!examples.some((e) => e.valid)) problems.push('缺少合法示例（valid.json）')
  for (const example of examples) {
    const ok = validate(example.payload)
    const errors = ok ? [] : toFieldErrors(validate.errors, schema)
    if (example.valid && !ok) problems.push(`示例 ${example.file} 应通过却被拒绝：${errors.map((x) => `${x.path || '/'} ${x.message}`).join('；')}`)
    if (!example.valid) {
      if (ok) problems.push(`非法示例 ${example.file}（${example.description}）却通过了校验`)
      else {
        const paths = errors.map((x) => x.path)
        for (const expected of example.expectedErrors) {
          if (!paths.includes(expected)) problems.push(`非法示例 ${example.file} 应在 ${expected} 报错，实际报错位置：${paths.join('、')}`)
        }
      }
    }
  }
  return problems
}

/** Each placeholder names a field (in its loop's item or an enclosing scope) and a known filter. */
export function placeholderProblems(schema: JsonSchema, tags: TemplateTag[]): { problems: string[]; printed: Set<string> } {
  const problems: string[] = []
  const printed = new Set<string>()
  const scopesOf = new Map<string, TagScope[]>([['', [rootScope(schema)]]])
  for (const tag of tags) {
    const key = tag.scopes.join('\u0000')
    const scopes = scopesOf.get(key)
    const label = `{${tag.section ? '#' : ''}${tag.raw}}`
    if (tag.filter && !filters[tag.filter]) problems.push(`模板中的占位符「${label}」使用了未知的过滤器「${tag.filter}」（可用：${Object.keys(filters).join('、')}）`)
    if (!scopes) continue // inside a section that was already refused
    const found = resolveTag(schema, scopes, tag.path)
    if (!found.ok) {
      problems.push(`模板中的占位符「${label}」引用了表单中没有的字段「${tag.path}」`)
      continue
    }
    if (tag.section) scopesOf.set([...tag.scopes, tag.path].join('\u0000'), found.scope ? [...scopes, found.scope] : scopes)
    else if (found.path) printed.add(found.path)
  }
  return { problems, printed }
}

/** Fields (leaves) no placeholder prints, directly or through a parent printed whole (`{officers|officers}`). */
export function unprintedFields(schema: JsonSchema, printed: Set<string>): string[] {
  const fields = fieldsOf(schema)
  const covered = (path: string) => [...printed].some((p) => p === path || path.startsWith(`${p}.`) || path.startsWith(`${p}[]`))
  const isLeaf = (path: string) => !fields.some((f) => f.path.startsWith(`${path}.`) || f.path.startsWith(`${path}[]`))
  return fields.filter((f) => isLeaf(f.path) && !covered(f.path)).map((f) => f.path)
}

/**
 * Everything the studio checks on a schema, its examples and its template's placeholders.
 * @example
 * const report = checkFormDefinition(bundled, examples, templateTags(docx))
 * if (report.problems.length) refuse(report.problems)
 */
export function checkFormDefinition(schema: JsonSchema, examples: FormExample[], tags: TemplateTag[]): FormCheckReport {
  const compile = compileProblem(schema)
  if (compile) return { problems: [compile], warnings: [], unprinted: [] }
  const placeholders = placeholderProblems(schema, tags)
  const unprinted = unprintedFields(schema, placeholders.printed)
  return {
    problems: [...exampleProblems(schema, examples), ...placeholders.problems],
    warnings: unprinted.length ? [`以下字段没有任何模板占位符打印：${unprinted.join('、')}`] : [],
    unprinted,
  }
}
