/**
 * Lays out the diagram (BPMN DI) of process definitions with bpmn-auto-layout,
 * so that the XML stays hand-written and reviewable and the picture follows it.
 *
 *   npx tsx definitions/_tools/layout.ts                 every definitions/<key>/process.bpmn
 *   npx tsx definitions/_tools/layout.ts a.bpmn b.bpmn   the named files
 *   npx tsx definitions/_tools/layout.ts --check         exit 1 when a diagram is not what the layout gives
 *
 * The process part is kept; any existing diagram is replaced
 * (engine/definition/auto-layout.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import { layout } from '../../engine/definition/auto-layout.ts'

export { layout, linkFlows } from '../../engine/definition/auto-layout.ts'

export const definitionsDir = path.resolve(import.meta.dirname, '..')

/** Every `definitions/<key>/process.bpmn`. */
export function definitionFiles(dir = definitionsDir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_') && !d.name.startsWith('.'))
    .map((d) => path.join(dir, d.name, 'process.bpmn'))
    .filter((file) => fs.existsSync(file))
    .sort()
}

async function main(args: string[]): Promise<number> {
  const check = args.includes('--check')
  const files = args.filter((a) => a !== '--check')
  let stale = 0
  for (const file of files.length ? files : definitionFiles()) {
    const xml = fs.readFileSync(file, 'utf8')
    const next = await layout(xml)
    if (next === xml) continue
    if (check) {
      stale += 1
      console.error(`布局过期 diagram out of date: ${path.relative(process.cwd(), file)}`)
    } else {
      fs.writeFileSync(file, next)
      console.log(`已布局 laid out: ${path.relative(process.cwd(), file)}`)
    }
  }
  return stale ? 1 : 0
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2))
}
