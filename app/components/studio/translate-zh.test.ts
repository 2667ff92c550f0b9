import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { translateZh } from './translate-zh.ts'

const modules = path.resolve(import.meta.dirname, '..', '..', '..', 'node_modules')
const source = (file: string) => fs.readFileSync(path.join(modules, file), 'utf8')

/** The literal words a module asks its translate service for (template strings with placeholders are left out). */
function translated(file: string): string[] {
  return [...source(file).matchAll(/translate\(\s*'([^']+)'/g)].map((m) => m[1]!)
}

/** What the studio's canvas and panel can show: the palette, the context pad, the replace menu with its entries, the panel's own words. */
const shown: Record<string, string[]> = {
  palette: translated('bpmn-js/lib/features/palette/PaletteProvider.js'),
  'context pad': translated('bpmn-js/lib/features/context-pad/ContextPadProvider.js'),
  'replace menu': [
    ...translated('bpmn-js/lib/features/popup-menu/ReplaceMenuProvider.js'),
    ...[...source('bpmn-js/lib/features/popup-menu/PopupEntries.js').matchAll(/label:\s*'([^']+)'/g)].map((m) => m[1]!),
  ],
  'properties panel': translated('@bpmn-io/properties-panel/dist/index.esm.js'),
}

describe('the studio speaks Chinese', () => {
  for (const [where, words] of Object.entries(shown)) {
    it(`translates every word of the ${where} that bpmn-js shows`, () => {
      expect(words.length, `${where}: words found in bpmn-js's source`).toBeGreaterThan(3)
      const english = words.filter((w) => !/[\u4e00-\u9fff]/.test(translateZh(w)))
      expect(english).toEqual([])
    })
  }

  it('fills in the names bpmn-js gives', () => {
    expect(translateZh('List contains {numOfItems} items', { numOfItems: '3' })).toBe('列表有 3 项')
    expect(translateZh('No such text')).toBe('No such text')
  })
})
