import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { ManualClock } from '../clock.ts'
import { DefinitionInvalid } from '../errors.ts'
import { fixture, fixturesDir, makeEngine, officer, prepare } from './harness.ts'

const invalid = (name: string) => fs.readFileSync(path.join(fixturesDir, 'invalid', name), 'utf8')

describeEachDatabase('a definition that is not safe or not complete is refused at deploy', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  const engine = () => makeEngine(ctx.db, clock)

  async function refused(xml: string): Promise<DefinitionInvalid> {
    const error = await engine().deploy(xml, null).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DefinitionInvalid)
    return error as DefinitionInvalid
  }
  const codes = (error: DefinitionInvalid) => error.problems.map((p) => [p.elementId, p.code])

  it('malformed XML is refused as malformed', async () => {
    expect(codes(await refused(invalid('malformed.bpmn')))).toEqual([[null, 'XML_MALFORMED']])
  })

  it('XML that is not BPMN is refused as not BPMN', async () => {
    expect(codes(await refused(invalid('not-bpmn.xml')))).toEqual([[null, 'NOT_BPMN']])
  })

  it('a script task is refused, naming it', async () => {
    expect(codes(await refused(invalid('script-task.bpmn')))).toContainEqual(['steal', 'SCRIPT_TASK_FORBIDDEN'])
  })

  it('a JavaScript ${…} expression is refused, naming the flow it is on', async () => {
    expect(codes(await refused(invalid('js-expression.bpmn')))).toContainEqual(['f2', 'JS_EXPRESSION_FORBIDDEN'])
  })

  it('a condition in a script language is refused', async () => {
    expect(codes(await refused(invalid('script-condition.bpmn')))).toContainEqual(['f2', 'SCRIPT_CONDITION_FORBIDDEN'])
  })

  it('FEEL loops and JavaScript property names are refused', async () => {
    const found = codes(await refused(invalid('feel-loop.bpmn')))
    expect(found).toContainEqual(['f2', 'FEEL_LOOP_FORBIDDEN'])
    expect(found).toContainEqual(['f3', 'FEEL_NAME_FORBIDDEN'])
  })

  it('a user task without form or role is refused with both named', async () => {
    const found = codes(await refused(invalid('task-without-form-or-role.bpmn')))
    expect(found).toContainEqual(['approve', 'TASK_FORM_MISSING'])
    expect(found).toContainEqual(['approve', 'TASK_ROLE_MISSING'])
  })

  it('a reference to a form that does not exist, and a due date nobody can read, are refused', async () => {
    const error = await refused(invalid('missing-form.bpmn'))
    expect(codes(error)).toContainEqual(['record', 'FORM_UNKNOWN'])
    expect(codes(error)).toContainEqual(['record', 'DUE_INVALID'])
    const problem = error.problems.find((p) => p.code === 'FORM_UNKNOWN')!
    expect(problem.message).toContain('no-such-document')
    expect(problem.messageEn).toContain('does not exist')
  })

  it('an attribute our extension does not define is refused instead of dropped', async () => {
    expect(codes(await refused(invalid('unknown-attribute.bpmn')))).toContainEqual(['record', 'PARSE_WARNING'])
  })

  it('then nothing of the refused definitions was stored or logged', async () => {
    expect(await ctx.db.processDefinition.count()).toBe(0)
    expect(await ctx.db.auditEntry.count()).toBe(0)
  })

  it('a valid definition is stored as version 1, and the same XML again creates no new version', async () => {
    const first = await engine().deploy(fixture('review-loop.bpmn'), null, { changeNote: '初版' })
    const again = await engine().deploy(fixture('review-loop.bpmn'), null)
    expect([first.version, first.created, again.version, again.created, again.id]).toEqual([1, true, 1, false, first.id])
    const changed = fixture('review-loop.bpmn').replace('zf:due="3 working days"', 'zf:due="5 working days"')
    expect(await engine().deploy(changed, null)).toMatchObject({ version: 2, created: true })
    expect(await ctx.db.auditEntry.count({ where: { action: 'process.deploy' } })).toBe(2)
  })

  it('running instances keep the version they started on', async () => {
    const e = engine()
    const row = await ctx.db.processDefinition.findFirstOrThrow({ where: { key: 'review-loop', version: 2 } })
    const id = await e.start('review-loop', { departmentId: 'county-a' }, (await import('./harness.ts')).officer)
    expect((await e.instance(id)).definitionVersion).toBe(row.version)
  })
})

describeEachDatabase('deployDirectory deploys every definitions/<key>/process.bpmn whose hash changed', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')

  it('deploys new and changed files, skips unchanged ones, and reports refused ones without stopping', async () => {
    const engine = await prepare(ctx.db, clock)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-definitions-'))
    try {
      for (const [key, xml] of [['review-loop', fixture('review-loop.bpmn')], ['hearing', fixture('hearing.bpmn')], ['script-task', invalid('script-task.bpmn')]]) {
        fs.mkdirSync(path.join(dir, key!))
        fs.writeFileSync(path.join(dir, key!, 'process.bpmn'), xml!)
      }
      const first = await engine.deployDirectory(dir)
      expect(first.deployed.map((d) => [d.key, d.version, d.created])).toEqual([['hearing', 1, true], ['review-loop', 1, true]])
      expect(first.refused.map((r) => r.key)).toEqual(['script-task'])

      fs.writeFileSync(path.join(dir, 'hearing', 'process.bpmn'), fixture('hearing.bpmn').replace('听证会报告书', '听证报告'))
      const second = await engine.deployDirectory(dir)
      expect(second.deployed.map((d) => [d.key, d.version, d.created])).toEqual([['hearing', 2, true], ['review-loop', 1, false]])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('never stops at a bad file: a 3,000-deep nesting and a broken file are reported, the others deploy (a caller before its callee too), and a refused change leaves the previous version running', async () => {
    const engine = await prepare(ctx.db, clock, 'review-loop.bpmn')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-definitions-'))
    let deep = '<startEvent id="s0"/>'
    for (let i = 3_000; i >= 1; i -= 1) deep = `<subProcess id="sp${i}">${deep}</subProcess>`
    const files: Array<[string, string]> = [
      ['a-deep', `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x"><process id="a-deep" isExecutable="true">${deep}</process></definitions>`],
      ['b-broken', '<definitions'],
      ['case-with-hearing', fixture('case-with-hearing.bpmn')],
      ['hearing', fixture('hearing.bpmn')],
      ['review-loop', fixture('review-loop.bpmn').replace('<userTask id="draft"', '<userTask id="draft" camunda:class="x" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"')],
    ]
    try {
      for (const [key, xml] of files) {
        fs.mkdirSync(path.join(dir, key))
        fs.writeFileSync(path.join(dir, key, 'process.bpmn'), xml)
      }
      const result = await engine.deployDirectory(dir)
      expect(result.deployed.map((d) => d.key).sort()).toEqual(['case-with-hearing', 'hearing'])
      expect(result.refused.map((r) => [r.key, r.problems[0]!.code])).toEqual([['a-deep', 'LIMIT_DEPTH'], ['b-broken', 'XML_MALFORMED'], ['review-loop', 'FOREIGN_ATTRIBUTE_FORBIDDEN']])
      const id = await engine.start('review-loop', { departmentId: 'county-a' }, officer)
      expect((await engine.instance(id)).definitionVersion).toBe(1)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses a file whose process id is not its folder name', async () => {
    const engine = makeEngine(ctx.db, clock)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-definitions-'))
    try {
      fs.mkdirSync(path.join(dir, 'penalty-case'))
      fs.writeFileSync(path.join(dir, 'penalty-case', 'process.bpmn'), fixture('hearing.bpmn'))
      const result = await engine.deployDirectory(dir)
      expect(result.refused[0]!.problems.map((p) => p.code)).toEqual(['KEY_MISMATCH'])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('validate', () => {
  it('accepts every valid fixture without storing anything', async () => {
    const { validateDefinition } = await import('../definition/validate-definition.ts')
    const catalogs = { formExists: () => true, roleExists: () => true, scopeKnown: () => true, approvalForm: 'approval' }
    for (const name of fs.readdirSync(fixturesDir).filter((f) => f.endsWith('.bpmn'))) {
      const result = await validateDefinition(fixture(name), catalogs)
      expect(result.ok ? [] : result.problems, name).toEqual([])
    }
  })
})
