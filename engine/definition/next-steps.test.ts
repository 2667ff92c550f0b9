import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { flowGraph } from './next-steps.ts'

const inspection = fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'definitions', 'onsite-inspection', 'process.bpmn'), 'utf8')

describe('the steps that can follow the current ones', () => {
  it('go through gateways to the next steps, named with the flow that leads there', async () => {
    const graph = (await flowGraph(inspection))!
    expect(graph.next(['draftPlan'])).toEqual([{ id: 'reviewPlan', name: '审核现场检查方案', via: null, end: false }])
    expect(graph.next(['reviewPlan']).map((n) => [n.name, n.via])).toEqual(expect.arrayContaining([['审批现场检查方案', '同意'], ['编制现场检查方案', '退回']]))
    expect(graph.next(['reviewPlan'])).toHaveLength(2)
  })

  it('name the end of the procedure, know nothing of an unknown step, and give nothing for a file that does not parse', async () => {
    const graph = (await flowGraph(inspection))!
    expect(graph.next(['measures'])).toEqual([
      { id: 'reinspect', name: '整改复查', via: '整改期限届满后复查', end: false },
      { id: 'endHandover', name: '移送立案查处', via: '无需复查', end: true },
      { id: 'endClosed', name: '检查结束', via: '无需复查', end: true },
    ])
    expect(graph.next(['nowhere'])).toEqual([])
    expect(await flowGraph('<definitions')).toBeNull()
  })
})
