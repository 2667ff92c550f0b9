import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { run } from './review-steps.ts'
import type { ReviewSteps } from '../../engine/review-steps/index.ts'

const root = path.resolve(import.meta.dirname, '..', '..')
const general = path.join(root, 'definitions', 'penalty-case-general', 'process.bpmn')

function capture() {
  const lines: string[] = []
  const errors: string[] = []
  vi.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(line) })
  vi.spyOn(console, 'error').mockImplementation((line: string) => { errors.push(line) })
  return { lines, errors }
}

describe('npm run zhifa -- review-steps', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-steps-'))
  const steps = path.join(dir, 'steps.json')

  it('export writes the review steps of a shipped procedure, derived from its definition', async () => {
    const { lines } = capture()
    expect(await run(['export', 'penalty-case-general', '-o', steps, '--from', general])).toBe(0)
    expect(lines[0]).toContain('4 个审核环节 review sections, 7 个步骤 steps（由流程定义导出 derived from the definition')
    const config = JSON.parse(fs.readFileSync(steps, 'utf8')) as ReviewSteps
    expect(config.sections.map((s) => s.id)).toEqual(['f3', 'investigationDone', 'f26', 'f36'])
  })

  it('build writes a definition that passes every deploy check, which exports the same steps again', async () => {
    const out = path.join(dir, 'out.bpmn')
    capture()
    expect(await run(['build', 'penalty-case-general', steps, '-o', out, '--from', general])).toBe(0)
    expect(fs.readFileSync(out, 'utf8')).toContain('<zf:reviewSteps section="investigationDone">')
    const again = path.join(dir, 'again.json')
    expect(await run(['export', 'penalty-case-general', '-o', again, '--from', out])).toBe(0)
    expect(JSON.parse(fs.readFileSync(again, 'utf8'))).toEqual(JSON.parse(fs.readFileSync(steps, 'utf8')))
  })

  it('build refuses a configuration that removes the case review, with the reason, and writes nothing', async () => {
    const config = JSON.parse(fs.readFileSync(steps, 'utf8')) as ReviewSteps
    const section = config.sections.find((s) => s.id === 'investigationDone')!
    section.steps = section.steps.filter((s) => !s.gate)
    const broken = path.join(dir, 'no-review.json')
    fs.writeFileSync(broken, JSON.stringify(config))
    const out = path.join(dir, 'refused.bpmn')
    const { errors } = capture()
    expect(await run(['build', 'penalty-case-general', broken, '-o', out, '--from', general])).toBe(1)
    expect(errors[0]).toMatch(/^✗ 不能生成 refused: \d+ 处问题/)
    expect(errors[1]).toContain('该配置会让决定绕过法定审核（第十三条')
    expect(errors.some((e) => e.includes('GATE') || e.includes('案件审理审查'))).toBe(true)
    expect(fs.existsSync(out)).toBe(false)
  })

  it('build names the bad fields of a step in Chinese', async () => {
    const config = JSON.parse(fs.readFileSync(steps, 'utf8')) as ReviewSteps
    config.sections[0]!.steps[0]!.deadline = { workingDays: 0, overdue: 'remind' }
    const bad = path.join(dir, 'bad.json')
    fs.writeFileSync(bad, JSON.stringify(config))
    const { errors } = capture()
    expect(await run(['build', 'penalty-case-general', bad, '-o', path.join(dir, 'bad.bpmn'), '--from', general])).toBe(1)
    expect(errors[1]).toBe('  ✗ 第1个审核环节「立案审核、立案审批」第1步「立案审核」的 deadline.workingDays：期限至少 1 个工作日')
  })
})
