import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, providersUnderTest, type TestDatabase } from '../../tests/support/databases.ts'
import { containsText, escapeLike } from './search.server.ts'

describe('search text in a LIKE pattern', () => {
  it('should escape the wildcards and the escape character itself', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b')
    expect(escapeLike('伊宁县')).toBe('伊宁县')
  })
})

for (const provider of providersUnderTest()) {
  describe(`searching for % and _ on ${provider}`, () => {
    let ctx: TestDatabase
    const names = ['abc', 'a%c', 'a_c', 'a\\c', '伊宁县 50%']
    beforeAll(async () => {
      ctx = await createTestDatabase(provider)
      for (const [i, actorName] of names.entries()) {
        await ctx.db.auditEntry.create({ data: { seq: i + 1, at: new Date(), action: 'test', outcome: 'success', prevHash: '-', hash: `h${i}`, actorName } })
      }
    })
    afterAll(() => ctx?.drop())

    const found = async (q: string) => (await ctx.db.auditEntry.findMany({ where: { actorName: containsText(q) }, orderBy: { seq: 'asc' } })).map((r) => r.actorName)

    it('should find only the names that contain the typed % or _ themselves', async () => {
      expect(await found('%')).toEqual(['a%c', '伊宁县 50%'])
      expect(await found('a_c')).toEqual(['a_c'])
      expect(await found('\\')).toEqual(['a\\c'])
      expect(await found('宁县')).toEqual(['伊宁县 50%'])
    })
  })
}
