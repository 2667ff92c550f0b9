import { describe, expect, it } from 'vitest'
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle'
import { moddleExtensions } from '../../../engine/definition/parse-bpmn.ts'
import zfDescriptor from '../../../engine/zf-moddle.json'
import { applyUpdate, dueParts, dueText, outcomesOf, outcomesText, readApproval, readZf, ZF_NAMES, zfUpdate, type BusinessObject } from './zf-attributes.ts'
import { STEP_KINDS, stepProperties } from './step-kinds.ts'

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zf="http://zhifa.example/schema/bpmn/zf" id="d" targetNamespace="t">
  <process id="p" isExecutable="true">
    <userTask id="review" name="审核" zf:approval="true" zf:role="supervisor" zf:due="3 working days" zf:outcomes="approve return" />
  </process>
</definitions>`

async function step(): Promise<{ moddle: BpmnModdle; root: ModdleElement; task: BusinessObject }> {
  const moddle = new BpmnModdle(moddleExtensions)
  const { rootElement } = await moddle.fromXML(XML)
  const process = (rootElement.rootElements as ModdleElement[])[0]!
  return { moddle, root: rootElement, task: (process.flowElements as ModdleElement[])[0] as unknown as BusinessObject }
}

describe('the 执法 panel reads and writes zf attributes of a step', () => {
  it('knows every zf attribute a user task may carry (the panel has an entry for each, by type)', () => {
    const userTask = zfDescriptor.types.find((t) => t.extends?.includes('bpmn:UserTask'))!
    expect([...ZF_NAMES].sort()).toEqual(userTask.properties.map((p) => p.name).sort())
  })

  it('writes whether an opinion is required and what happens when the deadline passes', async () => {
    const { moddle, root, task } = await step()
    applyUpdate(task, zfUpdate('opinion', 'required'))
    applyUpdate(task, zfUpdate('overdue', 'report'))
    expect([readZf(task, 'opinion'), readZf(task, 'overdue')]).toEqual(['required', 'report'])
    const { xml } = await moddle.toXML(root)
    expect(xml).toContain('zf:opinion="required"')
    expect(xml).toContain('zf:overdue="report"')
  })

  it('reads what the file says, typed: the approval flag as a boolean, the rest as text, absent as empty', async () => {
    const { task } = await step()
    expect(readApproval(task)).toBe(true)
    expect(readZf(task, 'role')).toBe('supervisor')
    expect(readZf(task, 'outcomes')).toBe('approve return')
    expect(readZf(task, 'form')).toBe('')
  })

  it('writes a chosen role and removes a cleared one, so the saved XML says only what is set', async () => {
    const { moddle, root, task } = await step()
    applyUpdate(task, zfUpdate('role', 'principal-head'))
    applyUpdate(task, zfUpdate('form', ' approval '))
    applyUpdate(task, zfUpdate('outcomes', ''))
    applyUpdate(task, zfUpdate('approval', false))
    const { xml } = await moddle.toXML(root)
    expect(xml).toContain('zf:role="principal-head"')
    expect(xml).toContain('zf:form="approval"')
    expect(xml).not.toContain('zf:outcomes')
    expect(xml).not.toContain('zf:approval')
  })

  it('splits a deadline into working days and a FEEL date, and writes it back in the form the engine reads', () => {
    expect(dueParts('3 working days')).toEqual({ workingDays: 3, from: '', other: '' })
    expect(dueParts('7 working days after = date(decision.issueDate)')).toEqual({ workingDays: 7, from: '= date(decision.issueDate)', other: '' })
    expect(dueParts('= date(hearing.date)')).toEqual({ workingDays: null, from: '= date(hearing.date)', other: '' })
    // A count from a department's setting or calendar days is kept as written.
    expect(dueParts('partyPeriods.statementDays working days after = date(x.servedAt)').other).toBe('partyPeriods.statementDays working days after = date(x.servedAt)')
    expect(dueParts('P90D')).toEqual({ workingDays: null, from: '', other: 'P90D' })
    expect(dueText({ workingDays: 5, from: 'date(x.servedAt)' })).toBe('5 working days after = date(x.servedAt)')
    expect(dueText({ workingDays: 3, from: '' })).toBe('3 working days')
    expect(dueText({ workingDays: null, from: '=date(y)' })).toBe('=date(y)')
    expect(dueText({ workingDays: 0, from: '' })).toBe('')
  })

  it('keeps outcomes as a space-separated list without repeats', () => {
    expect(outcomesOf(' approve  return ')).toEqual(['approve', 'return'])
    expect(outcomesText(['approve', 'return', 'approve', ''])).toBe('approve return')
  })

  it('creates every palette step kind as a user task whose zf attributes survive a round trip through the XML', async () => {
    const moddle = new BpmnModdle(moddleExtensions)
    for (const kind of STEP_KINDS) {
      const task = moddle.create('bpmn:UserTask', { id: `t-${kind.key}`, ...stepProperties(kind) })
      const process = moddle.create('bpmn:Process', { id: 'p', flowElements: [task] })
      const definitions = moddle.create('bpmn:Definitions', { id: 'd', targetNamespace: 't', rootElements: [process] })
      const { xml } = await moddle.toXML(definitions)
      const back = await moddle.fromXML(xml)
      const read = ((back.rootElement.rootElements as ModdleElement[])[0]!.flowElements as ModdleElement[])[0] as unknown as BusinessObject
      expect(read.get('name')).toBe(kind.title)
      for (const [name, value] of Object.entries(kind.attributes)) expect(read.get(`zf:${name}`)).toBe(value)
    }
  })
})
