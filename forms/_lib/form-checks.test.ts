import PizZip from 'pizzip'
import { describe, expect, it } from 'vitest'
import { loadRegistry } from './registry.ts'
import { loadExamples, type FormExample } from './examples.ts'
import { checkFormDefinition, compileProblem, exampleProblems, placeholderProblems } from './form-checks.ts'
import { templateTags, UnreadableTemplate } from './template-tags.ts'
import { fieldsOf } from './schema-fields.ts'
import type { JsonSchema } from './schema-ref.ts'

const inquiry = loadRegistry().get('inquiry-record')

/** The template with one more paragraph of raw runs before the body ends, as Word would save an edit. */
function withRuns(template: Buffer, runs: string): Buffer {
  const zip = new PizZip(template)
  const xml = zip.file('word/document.xml')!.asText()
  zip.file('word/document.xml', xml.replace('<w:sectPr>', `<w:p>${runs}</w:p><w:sectPr>`))
  return zip.generate({ type: 'nodebuffer' })
}
const run = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`

/** inquiry-record with a required 联系电话 (contactPhone) and a pattern with a Chinese message. */
function withContactPhone(schema: JsonSchema): JsonSchema {
  const next = structuredClone(schema) as JsonSchema & { properties: Record<string, unknown>; required: string[] }
  next.properties.contactPhone = { type: 'string', title: '联系电话', pattern: '^1\\d{10}$', 'x-message': '请填写11位手机号码' }
  next.required.push('contactPhone')
  return next
}

describe('checks before a form version is saved', () => {
  it('the shipped 询问笔录 passes: its schema compiles, its examples do what they say, every placeholder names a field', () => {
    const report = checkFormDefinition(inquiry.bundledSchema, loadExamples(inquiry), templateTags(inquiry.template))
    expect(report.problems).toEqual([])
    // The party's kind is chosen in the form but printed nowhere: a warning, not a refusal.
    expect(report.unprinted).toContain('party.kind')
    expect(report.unprinted).not.toContain('interviewee.phone')
  })

  it('every shipped form passes the same checks, so each can be saved again from the studio', () => {
    const registry = loadRegistry()
    const refused = registry.keys().flatMap((key) => {
      const form = registry.get(key)
      return checkFormDefinition(form.bundledSchema, loadExamples(form), templateTags(form.template)).problems.map((p) => `${key}: ${p}`)
    })
    expect(refused).toEqual([])
  })

  it('a schema that does not compile is refused with the reason', () => {
    expect(compileProblem({ type: 'object', properties: { a: { type: 'strin' } } })).toMatch(/^表单结构（JSON Schema）无法编译：/)
    const report = checkFormDefinition({ type: 'object', properties: { a: { type: 'strin' } } }, [], [])
    expect(report.problems).toHaveLength(1)
  })

  it('a required field added without filling it into the valid example is refused, naming the field in Chinese', () => {
    const problems = exampleProblems(withContactPhone(inquiry.bundledSchema), loadExamples(inquiry))
    expect(problems).toEqual([expect.stringMatching(/^示例 valid\.json 应通过却被拒绝：.*联系电话/)])
  })

  it('an invalid example that passes, or fails elsewhere than it says, is refused', () => {
    const valid = loadExamples(inquiry).find((e) => e.valid)!
    const wrong: FormExample[] = [
      valid,
      { ...valid, file: 'invalid-x.json', valid: false, description: '本应被拒绝', expectedErrors: ['/caseName'] },
      { ...valid, file: 'invalid-y.json', valid: false, description: '案由太短', expectedErrors: ['/place'], payload: { ...valid.payload, caseName: '短' } },
    ]
    const problems = exampleProblems(inquiry.bundledSchema, wrong)
    expect(problems).toEqual([
      '非法示例 invalid-x.json（本应被拒绝）却通过了校验',
      '非法示例 invalid-y.json 应在 /place 报错，实际报错位置：/caseName',
    ])
  })

  it('a template naming a field the form does not have is refused with the field named, even when Word split the tag', () => {
    const template = withRuns(inquiry.template, run('联系电话：{contact') + run('Phone}'))
    const report = checkFormDefinition(inquiry.bundledSchema, loadExamples(inquiry), templateTags(template))
    expect(report.problems).toEqual(['模板中的占位符「{contactPhone}」引用了表单中没有的字段「contactPhone」'])
    // With the field in the schema (and in the example) the same template passes, and the field is printed.
    const schema = withContactPhone(inquiry.bundledSchema)
    const examples = loadExamples(inquiry).map((e) => (e.valid ? { ...e, payload: { ...e.payload, contactPhone: '13900001111' } } : e))
    const ok = checkFormDefinition(schema, examples, templateTags(template))
    expect(ok.problems).toEqual([])
    expect(ok.unprinted).not.toContain('contactPhone')
  })

  it('a field added to the schema that no placeholder prints is listed as a warning', () => {
    const schema = withContactPhone(inquiry.bundledSchema)
    const report = checkFormDefinition(schema, [], templateTags(inquiry.template))
    expect(report.unprinted).toContain('contactPhone')
    expect(report.warnings[0]).toMatch(/没有任何模板占位符打印：.*contactPhone/)
  })

  it('inside a loop a placeholder is looked up in the item, then the enclosing scopes; $index only in a loop; filters must exist', () => {
    const tags = templateTags(withRuns(inquiry.template, [
      run('{#qa}{$index}{question}{caseName}{nothing}{/qa}'),
      run('{$index}{issueDate|datum}{#officers.length}有{/officers.length}'),
    ].join('')))
    const { problems } = placeholderProblems(inquiry.bundledSchema, tags)
    // The list of filters offered grows with the renderer's filters; its start is what matters here.
    expect(problems).toEqual([
      '模板中的占位符「{nothing}」引用了表单中没有的字段「nothing」',
      '模板中的占位符「{$index}」引用了表单中没有的字段「$index」',
      expect.stringMatching(/^模板中的占位符「\{issueDate\|datum\}」使用了未知的过滤器「datum」（可用：date、money、.*）$/),
    ])
  })

  it('a file that is not a DOCX, or whose tags do not close, is refused in Chinese', () => {
    expect(() => templateTags(Buffer.from('not a docx'))).toThrow(UnreadableTemplate)
    expect(() => templateTags(withRuns(inquiry.template, run('{#qa}未闭合')))).toThrow('模板中的占位符写法有误：「{#qa}」没有对应的结束标记「{/qa}」')
  })

  it('fields are listed with their paths, titles and whether they are required, array items as []', () => {
    const fields = fieldsOf(inquiry.bundledSchema)
    expect(fields.find((f) => f.path === 'qa[].answer')).toMatchObject({ title: '答', type: 'string', required: true })
    expect(fields.find((f) => f.path === 'interviewee.gender')).toMatchObject({ enum: ['男', '女'] })
    expect(fields.find((f) => f.path === 'partySignature')).toMatchObject({ required: false })
  })
})
