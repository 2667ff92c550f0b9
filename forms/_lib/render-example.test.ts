import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import PizZip from 'pizzip'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { loadRegistry } from './registry.ts'
import { parseRenderArgs, renderCommand } from './render-example.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-render-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('npm run zhifa -- forms render', () => {
  it('reads the form, the example (valid by default) and the output files', () => {
    expect(parseRenderArgs(['penalty-decision', '--pdf', 'a.pdf'])).toEqual({ key: 'penalty-decision', example: 'valid', pdf: 'a.pdf' })
    expect(parseRenderArgs(['penalty-decision', '--example', 'valid.json', '--docx', 'a.docx'])).toEqual({ key: 'penalty-decision', example: 'valid', docx: 'a.docx' })
    expect(parseRenderArgs(['penalty-decision'])).toMatch(/--pdf/)
    expect(parseRenderArgs(['penalty-decision', '--pdf'])).toMatch(/缺少取值/)
    expect(parseRenderArgs(['--pdf', 'a.pdf'])).toMatch(/缺少表单/)
  })

  it('writes the example of a form as a DOCX with the sample number, and refuses an unknown form or example', async () => {
    const registry = loadRegistry()
    const file = path.join(dir, 'order.docx')
    expect(await renderCommand(registry, ['rectification-order', '--docx', file])).toBe(0)
    const text = new PizZip(fs.readFileSync(file)).file('word/document.xml')!.asText()
    expect(text).toContain('责令限期整改指令书')
    expect(text).toContain('（伊州）应急样〔2026〕8号')
    const said = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      expect(await renderCommand(registry, ['no-such-form', '--docx', file])).toBe(2)
      expect(await renderCommand(registry, ['rectification-order', '--example', 'nope', '--docx', file])).toBe(2)
      expect(said.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining('未知的表单'), expect.stringContaining('没有示例')])
    } finally {
      said.mockRestore()
    }
  })
})
