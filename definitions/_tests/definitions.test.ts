import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeEachDatabase } from '../../tests/support/databases.ts'
import { definitionsDir, prepareProcedures } from '../../tests/support/workflow.ts'
import { ManualClock, type DefinitionModel } from '../../engine/index.ts'
import { parseBpmn } from '../../engine/definition/parse-bpmn.ts'
import { checkDefinition } from '../../engine/definition/zhifa-rules.ts'
import { createFormValidator } from '../../forms/_lib/validator.ts'
import { validateForApp } from '../../app/services/workflow/workflow.server.ts'
import { definitionFiles, layout } from '../_tools/layout.ts'

// Every procedure of shared/brief/procedures.md (and the hearing it calls).
const PROCEDURES = [
  'access-request', 'annual-plan', 'case-extension', 'change-request', 'coercion-general', 'coercion-immediate', 'deletion-request', 'hearing',
  'inspection-scheme', 'onsite-inspection', 'penalty-case-general', 'penalty-case-summary', 'temporary-plan',
]
const CJK = /[\u4e00-\u9fff]/
const keyOf = (file: string) => path.basename(path.dirname(file))
const outcomeTitles = JSON.parse(fs.readFileSync(path.join(definitionsDir, '..', 'catalog', 'reference', 'outcomes.json'), 'utf8')) as Record<string, string>

async function modelOf(xml: string): Promise<DefinitionModel> {
  const parsed = await parseBpmn(xml)
  if (!parsed.ok) throw new Error(parsed.problems[0]!.message)
  return (await checkDefinition(parsed.context, { formExists: () => true, roleExists: () => true, scopeKnown: () => true, approvalForm: 'approval' })).model!
}

describe('the shipped definitions', () => {
  const files = definitionFiles()
  const validator = createFormValidator()

  it('are one per procedure, each in definitions/<key>/ with its README', () => {
    expect(files.map(keyOf)).toEqual(PROCEDURES)
    for (const file of files) expect(fs.existsSync(path.join(path.dirname(file), 'README.md')), keyOf(file)).toBe(true)
  })

  it.each(PROCEDURES)('%s passes every deploy check of the app (forms, roles, scopes, statutory gates) without a single lint warning', async (key) => {
    const result = await validateForApp(fs.readFileSync(path.join(definitionsDir, key, 'process.bpmn'), 'utf8'), validator)
    expect(result).toEqual({ ok: true, key, name: expect.stringMatching(CJK), problems: [], warnings: [] })
  })

  it.each(PROCEDURES)('%s has its diagram exactly as the layout tool draws it', async (key) => {
    const xml = fs.readFileSync(path.join(definitionsDir, key, 'process.bpmn'), 'utf8')
    expect(await layout(xml)).toBe(xml)
  })

  it.each(PROCEDURES)('%s names every element in Chinese, describes every step in its README and offers only outcomes that have a title', async (key) => {
    const xml = fs.readFileSync(path.join(definitionsDir, key, 'process.bpmn'), 'utf8')
    const readme = fs.readFileSync(path.join(definitionsDir, key, 'README.md'), 'utf8')
    const names = [...xml.matchAll(/<(?:userTask|startEvent|endEvent|exclusiveGateway|parallelGateway|callActivity|process)\b[^>]*\bname="([^"]*)"/g)].map((m) => m[1]!)
    const elements = [...xml.matchAll(/<(?:userTask|startEvent|endEvent|exclusiveGateway|parallelGateway|callActivity)\b/g)]
    expect(names.length).toBe(elements.length + 1)
    for (const name of names) expect(name, key).toMatch(CJK)
    const model = await modelOf(xml)
    for (const task of Object.values(model.userTasks)) {
      expect(readme, `${key}: ${task.elementId}`).toContain(`\`${task.elementId}\``)
      for (const outcome of task.outcomes) expect(outcomeTitles[outcome], `${key}: ${outcome}`).toMatch(CJK)
    }
  })

  it.each(PROCEDURES)('%s lets every review or approval step approve or return, and every return goes back to a step done by the drafter', async (key) => {
    const parsed = await parseBpmn(fs.readFileSync(path.join(definitionsDir, key, 'process.bpmn'), 'utf8'))
    if (!parsed.ok) throw new Error('unreadable')
    const model = await modelOf(fs.readFileSync(path.join(definitionsDir, key, 'process.bpmn'), 'utf8'))
    const flows = Object.values(parsed.context.elementsById).filter((e) => e.$type === 'bpmn:SequenceFlow')
    const next = (id: string) => flows.filter((f) => (f.sourceRef as { id: string }).id === id).map((f) => (f.targetRef as { id: string }).id)
    for (const review of Object.values(model.userTasks).filter((t) => t.form === 'approval' || t.outcomes.includes('return'))) {
      expect(review.outcomes, `${key}: ${review.elementId}`).toEqual(expect.arrayContaining(['approve', 'return']))
      const returned = flows.find((f) => String((f.conditionExpression as { body?: string } | undefined)?.body ?? '').trim() === `= ${review.outcomeVariable} = "return"`)
      expect(returned, `${key}: ${review.elementId} has a flow taken on return`).toBeDefined()
      // Through merge gateways to the step that is done again: by whoever did it before (or the applicant).
      let target = (returned!.targetRef as { id: string }).id
      for (let hops = 0; !model.userTasks[target] && hops < 5; hops++) target = next(target)[0]!
      expect(['previous', 'starter'], `${key}: ${review.elementId} returns to ${target}`).toContain(model.userTasks[target]?.assignee)
    }
  })
})

describeEachDatabase('the shipped definitions through the app wiring', (ctx) => {
  it('all deploy with the real forms, scopes and gates on a demo-seeded database, and deploying again stores nothing new', async () => {
    const clock = new ManualClock('2026-03-02T09:00:00+08:00')
    const p = await prepareProcedures(ctx.db, clock)
    const stored = await ctx.db.processDefinition.findMany({ select: { key: true, version: true }, orderBy: { key: 'asc' } })
    expect(stored).toEqual(PROCEDURES.map((key) => ({ key, version: 1 })))
    const again = await p.workflow.deployDirectory(definitionsDir)
    expect([again.refused, again.deployed.filter((d) => d.created)]).toEqual([[], []])
  })
})
