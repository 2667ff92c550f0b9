// npm run zhifa -- forms check | list | render : the statutory document forms (forms/<key>/).
import { loadRegistry } from '../../forms/_lib/registry.ts'
import { checkForms } from '../../forms/_lib/check.ts'
import { LibreOfficeConverter } from '../../app/services/documents/converter.server.ts'
import { createRenderer } from '../../app/services/documents/render.server.ts'
import { RENDER_USAGE, renderCommand } from '../../forms/_lib/render-example.ts'

export const summary = '表单与文书模板 forms: check — 校验全部表单、示例与模板 validate schemas, examples, templates; list; render <key> — 渲染示例 render an example'

export async function run(args: string[]): Promise<number> {
  const [sub] = args
  if (sub === 'list') {
    for (const f of loadRegistry().all()) {
      console.log(`${f.key.padEnd(30)} ${f.manifest.kind.padEnd(9)} ${(f.manifest.sequence ?? '-').padEnd(5)} ${f.contentHash.slice(0, 12)}  ${f.manifest.title}`)
    }
    return 0
  }
  if (sub === 'render') return renderCommand(loadRegistry(), args.slice(1))
  if (sub !== 'check') {
    console.error(`用法 usage: npm run zhifa -- forms check | list\n${RENDER_USAGE}`)
    return 2
  }
  let registry
  try {
    registry = loadRegistry()
  } catch (e) {
    console.error(`✗ 表单加载失败 forms do not load: ${(e as Error).message}`)
    return 1
  }
  const converter = await LibreOfficeConverter.start()
  try {
    const report = await checkForms(registry, createRenderer(converter))
    for (const line of report.lines) (line.startsWith('✗') || line.startsWith('    ') ? console.error : console.log)(line)
    return report.ok ? 0 : 1
  } finally {
    await converter.close()
  }
}
