import { describe, expect, it } from 'vitest'
import { InvalidInput } from '../errors.ts'
import { checkDrawUnchanged, drawFrom } from './random-draw.server.ts'

describe('the random draw of a random-inspection scheme (双随机, Art. 8)', () => {
  const pool = ['伊宁县恒泰煤业有限公司', '伊宁县天山化工有限责任公司', '伊宁县金穗面粉加工厂', '伊宁县顺达加油站']

  it('draws the same names from the same seed and pool, whatever order the pool is listed in, so anyone can re-check it', () => {
    const drawn = drawFrom('7F3A9C21D4E8B605', 'entities', pool, 2)
    expect(drawn).toHaveLength(2)
    expect(new Set(drawn).size).toBe(2)
    expect(drawFrom('7F3A9C21D4E8B605', 'entities', [...pool].reverse(), 2)).toEqual(drawn)
  })

  it('draws differently with other seeds', () => {
    const orders = new Set(['A1', 'B2', 'C3', 'D4', 'E5', 'F6'].map((seed) => drawFrom(`SEED${seed}00`, 'entities', pool, 4).join('|')))
    expect(orders.size).toBeGreaterThan(1)
  })

  it('never draws more than the pool holds', () => {
    expect(drawFrom('7F3A9C21D4E8B605', 'officers', ['何磊'], 2)).toEqual(['何磊'])
  })

  it('refuses a record whose drawn entities differ from the system’s draw, and accepts it with only a witness added', () => {
    const stored = { seed: '7F3A9C21D4E8B605', entityPool: pool, entitiesDrawn: [{ name: pool[0] }] }
    expect(() => checkDrawUnchanged(stored, { ...stored, entitiesDrawn: [{ name: pool[1] }] })).toThrow(InvalidInput)
    expect(() => checkDrawUnchanged(stored, { ...stored, witness: '许婷' })).not.toThrow()
  })
})
