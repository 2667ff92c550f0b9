import { describe, expect, it } from 'vitest'
import zfDescriptor from '../../../engine/zf-moddle.json'
import { valueTitle } from './compare.server.ts'

describe('the compare page names what changed in Chinese', () => {
  it('names every zf attribute of a step, with the attribute it is', () => {
    const userTask = zfDescriptor.types.find((t) => t.extends?.includes('bpmn:UserTask'))!
    for (const { name } of userTask.properties) {
      expect(valueTitle(name), name).toMatch(new RegExp(`^[\\u4e00-\\u9fff].*（zf:${name}）$`))
    }
  })

  it('names a flow’s condition and its ends', () => {
    expect([valueTitle('conditionExpression.body'), valueTitle('sourceRef'), valueTitle('targetRef')]).toEqual(['条件', '起点', '终点'])
  })
})
