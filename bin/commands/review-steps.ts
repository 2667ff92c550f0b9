// npm run zhifa -- review-steps export <procedure> -o steps.json | build <procedure> <steps.json> -o out.bpmn [--from file.bpmn] : a procedure's review steps as data (issue 13 part 3, ADR 034).
import fs from 'node:fs'
import { createDb } from '../../prisma/client.ts'
import { loadRegistry } from '../../forms/_lib/registry.ts'
import { reviewStepsOf } from '../../engine/review-steps/index.ts'
import { activeDefinition, buildAndCheck } from '../../app/services/review-steps/review-steps.server.ts'

export const summary = '审核环节 review-steps: export <procedure> -o steps.json — 导出审核步骤 write the review steps; build <procedure> <steps.json> -o out.bpmn — 生成流程定义并检查（含法定环节）build and check the definition'

const usage = `用法 usage:
  npm run zhifa -- review-steps export <procedure> -o steps.json [--from file.bpmn]
  npm run zhifa -- review-steps build <procedure> <steps.json> -o out.bpmn [--from file.bpmn]
不加 --from 时读取数据库中生效的流程定义（DATABASE_URL）；without --from the definition in force in the database is read.`

function option(args: string[], name: string): string | null {
  const i = args.indexOf(name)
  return i >= 0 ? (args[i + 1] ?? null) : null
}

/** The base definition: the file given with --from, else the version in force in the database. */
async function baseXml(key: string, from: string | null): Promise<{ xml: string; source: string }> {
  if (from) return { xml: fs.readFileSync(from, 'utf8'), source: from }
  const db = createDb()
  try {
    const definition = await activeDefinition(db, key)
    return { xml: definition.xml, source: `数据库生效版本 v${definition.version} (database, version in force)` }
  } finally {
    await db.$disconnect()
  }
}

export async function run(args: string[]): Promise<number> {
  const [command, key, file] = args
  const out = option(args, '-o')
  const from = option(args, '--from')
  if (!key || !out || (command !== 'export' && command !== 'build') || (command === 'build' && (!file || file.startsWith('-')))) {
    console.error(usage)
    return 2
  }
  let base: { xml: string; source: string }
  try {
    base = await baseXml(key, from)
  } catch (e) {
    console.error(`✗ 无法读取流程「${key}」cannot read the definition: ${(e as Error).message}`)
    return 1
  }
  if (command === 'export') {
    const { config, stored, skipped } = await reviewStepsOf(base.xml)
    if (config.procedure !== key) {
      console.error(`✗ 流程定义是「${config.procedure}」，不是「${key}」 the definition is ${config.procedure}`)
      return 1
    }
    fs.writeFileSync(out, `${JSON.stringify(config, null, 2)}\n`)
    console.log(`✓ ${out}：${config.sections.length} 个审核环节 review sections, ${config.sections.reduce((n, s) => n + s.steps.length, 0)} 个步骤 steps（${stored ? '已保存的配置 stored' : '由流程定义导出 derived from the definition'}；来源 from ${base.source}）`)
    for (const line of skipped) console.log(`! 未纳入 not configurable: ${line}`)
    return 0
  }
  let input: unknown
  try {
    input = JSON.parse(fs.readFileSync(file!, 'utf8')) as unknown
  } catch (e) {
    console.error(`✗ ${file}：不是可读的 JSON not readable JSON (${(e as Error).message.split('\n')[0]})`)
    return 1
  }
  const built = await buildAndCheck(base.xml, input, loadRegistry())
  if (!built.ok) {
    console.error(`✗ 不能生成 refused: ${built.problems.length} 处问题 problem(s)`)
    for (const problem of built.problems) console.error(`  ✗ ${problem}`)
    return 1
  }
  fs.writeFileSync(out, built.xml)
  console.log(`✓ ${out}：流程「${key}」已生成并通过全部部署检查 built, every deploy check passed`)
  return 0
}
