import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it, vi } from 'vitest'
import { run } from './definitions.ts'

const root = path.resolve(import.meta.dirname, '..', '..')
const summary = fs.readFileSync(path.join(root, 'definitions', 'penalty-case-summary', 'process.bpmn'), 'utf8')

function files(before: string, after: string): [string, string] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-diff-'))
  fs.writeFileSync(path.join(dir, 'a.bpmn'), before)
  fs.writeFileSync(path.join(dir, 'b.bpmn'), after)
  return [path.join(dir, 'a.bpmn'), path.join(dir, 'b.bpmn')]
}

describe('npm run zhifa -- definitions diff', () => {
  it('prints the steps added, removed and changed, with their names and each value from old to new', async () => {
    const [a, b] = files(summary, summary
      .replace('<sequenceFlow id="f5"', '<userTask id="secondApproval" name="二次审批" zf:approval="true" zf:role="principal-head" zf:scope="organ" />\n    <sequenceFlow id="f5"')
      .replace('zf:role="legal-reviewer"', 'zf:role="supervisor"'))
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(root, 'bin', 'zhifa.ts'), 'definitions', 'diff', a, b], { cwd: root })
    expect(stdout.split('\n').slice(1)).toEqual([
      '新增 added: 1',
      '  + userTask secondApproval「二次审批」',
      '删除 removed: 0',
      '修改 changed: 1',
      '  ~ userTask legalReview「法制审核」',
      '      role: legal-reviewer → supervisor',
      '',
    ])
  })

  it('says which file is not a readable definition and exits 1', async () => {
    const [a, b] = files(summary, '<definitions')
    const errors: string[] = []
    vi.spyOn(console, 'error').mockImplementation((line: string) => { errors.push(line) })
    expect(await run(['diff', a, b])).toBe(1)
    expect(errors[0]).toBe(`✗ ${b}：不是可读的流程定义 not a readable definition`)
    expect(errors[1]).toContain('XML_MALFORMED')
  })

  it('says which file cannot be read, for each command that reads one, and exits 1', async () => {
    const [a] = files(summary, summary)
    const missing = path.join(path.dirname(a), 'missing.bpmn')
    const errors: string[] = []
    vi.spyOn(console, 'error').mockImplementation((line: string) => { errors.push(line) })
    vi.spyOn(console, 'log').mockImplementation(() => {})
    expect(await run(['diff', a, missing])).toBe(1)
    expect(await run(['validate', missing])).toBe(1)
    expect(await run(['simulate', missing, '--start', '2025-09-30'])).toBe(1)
    expect(errors).toHaveLength(3)
    for (const line of errors) expect(line).toMatch(new RegExp(`^✗ ${missing}：无法读取 cannot read \\(ENOENT`))
  })
})

describe('npm run zhifa -- definitions simulate', () => {
  it('prints one line per step reached, with its role, due date and outcome, and whether the procedure ended', async () => {
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(line) })
    const file = path.join(root, 'definitions', 'penalty-case-general', 'process.bpmn')
    expect(await run(['simulate', file, '--start', '2025-09-30', '--outcomes', 'inquiryRecord=done,legalReview=approve'])).toBe(0)
    expect(lines).toContain('2025-09-30  法制审核  legal-reviewer  期限 2025-10-11  → approve')
    expect(lines.at(-1)).toBe('流程结束 ended')
  })

  it('without --outcomes takes each step’s first outcome (approve before return), and walks to the end', async () => {
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(line) })
    expect(await run(['simulate', path.join(root, 'definitions', 'penalty-case-summary', 'process.bpmn'), '--start', '2025-09-30'])).toBe(0)
    // 法制审核 offers approve before return, and so does each approval: the walk never loops back.
    expect(lines.filter((l) => l.includes('→')).map((l) => l.split('  ').at(-1))).toEqual(['→ approve', '→ approve', '→ approve'])
    expect(lines.filter((l) => l.includes('法制审核'))).toEqual(['2025-09-30  法制审核  legal-reviewer  无期限  → approve'])
    expect(lines.at(-1)).toBe('流程结束 ended')
  })

  it('refuses a start that is not a date, in Chinese, with exit 2', async () => {
    const errors: string[] = []
    vi.spyOn(console, 'error').mockImplementation((line: string) => { errors.push(line) })
    expect(await run(['simulate', 'x.bpmn', '--start', '2025-9-30'])).toBe(2)
    expect(errors).toEqual(['✗ --start 应为日期 YYYY-MM-DD must be a date: 2025-9-30'])
  })
})
