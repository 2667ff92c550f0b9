import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { diffDefinitions } from './definition-diff.ts'

const summary = fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'definitions', 'penalty-case-summary', 'process.bpmn'), 'utf8')

/** The summary procedure with a second approval added, a reviewer's role and a return condition changed, a flow removed and a shape moved. */
const edited = summary
  .replace('<sequenceFlow id="f5"', '<userTask id="secondApproval" name="二次审批" zf:approval="true" zf:role="principal-head" zf:scope="organ" />\n    <sequenceFlow id="f5"')
  .replace('zf:role="legal-reviewer"', 'zf:role="supervisor"')
  .replace('= legalOutcome = "return"', '= legalOutcome != "approve"')
  .replace(/<sequenceFlow id="f5" [^>]*\/>/, '')
  .replaceAll(/<(incoming|outgoing)>f5<\/(incoming|outgoing)>/g, '')
  .replace(/<bpmndi:BPMNEdge id="f5_di"[\s\S]*?<\/bpmndi:BPMNEdge>/, '')
  .replace(/(<dc:Bounds x=")(\d+)/, (_, head: string, x: string) => `${head}${Number(x) + 40}`)

describe('comparing two versions of a definition', () => {
  it('names the steps added and removed, and each changed value of a changed step or flow, from the old value to the new', async () => {
    const result = await diffDefinitions(summary, edited)
    if (!result.ok) throw new Error(`both versions parse: ${JSON.stringify(result.problems)}`)
    expect(result.added.map((e) => [e.type, e.id, e.name, e.values])).toEqual([['userTask', 'secondApproval', '二次审批', { role: 'principal-head', scope: 'organ', approval: 'true' }]])
    expect(result.removed.map((e) => [e.type, e.id, e.values.sourceRef, e.values.targetRef])).toEqual([['sequenceFlow', 'f5', 'reviewDecision', 'decided']])
    const changes = Object.fromEntries(result.changed.map((c) => [c.after.id, c.changes]))
    expect(changes.legalReview).toEqual([{ name: 'role', before: 'legal-reviewer', after: 'supervisor' }])
    expect(changes.legalReviewReturned).toEqual([{ name: 'formalExpression.body', before: '= legalOutcome = "return"', after: '= legalOutcome != "approve"' }])
  })

  it('sees no change where only the diagram moved, and none between a version and itself', async () => {
    const moved = summary.replace(/(<dc:Bounds x=")(\d+)/, (_, head: string, x: string) => `${head}${Number(x) + 40}`)
    expect(await diffDefinitions(summary, moved)).toEqual({ ok: true, added: [], removed: [], changed: [] })
    expect(await diffDefinitions(summary, summary)).toEqual({ ok: true, added: [], removed: [], changed: [] })
  })

  it('refuses a file that is not a readable definition, saying which one and why', async () => {
    const result = await diffDefinitions(summary, '<definitions')
    expect(result).toMatchObject({ ok: false, which: 'after' })
    expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual(['XML_MALFORMED'])
  })
})
