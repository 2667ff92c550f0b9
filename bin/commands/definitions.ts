// npm run zhifa -- definitions validate <file.bpmn>… | deploy [dir] | diff <a.bpmn> <b.bpmn> | simulate <file.bpmn> --start <date> [--outcomes …] : process definitions (definitions/<key>/process.bpmn).
import path from 'node:path'
import type { DefinitionProblem } from '../../engine/index.ts'
import { createDb } from '../../prisma/client.ts'
import { systemClock } from '../../engine/clock.ts'
import { loadRegistry } from '../../forms/_lib/registry.ts'
import { createFormValidator } from '../../forms/_lib/validator.ts'
import { createWorkflow, validateForApp } from '../../app/services/workflow/workflow.server.ts'
import { activate } from '../../app/services/catalog/activate.server.ts'
import { diffDefinitions, type DiffElement } from '../../engine/definition/definition-diff.ts'
import { readInputFile } from './input-file.ts'
import { simulateDefinition } from '../../engine/simulate.ts'
import { buildCalendar } from '../../engine/calendar/working-calendar.ts'
import { SEED_YEARS, statutoryCalendarDays } from '../../engine/calendar/statutory-holidays.ts'
import { isDate } from '../../engine/calendar/dates.ts'

export const summary = '流程定义 definitions: validate <file.bpmn>… — 部署前检查（含法定环节）check before deploy, incl. statutory gates; deploy [dir]; diff <a.bpmn> <b.bpmn> — 两个版本的环节差异 steps added, removed, changed; simulate <file.bpmn> --start <date> — 模拟办理路径与期限 walk the steps with due dates'

const usage = `用法 usage:
  npm run zhifa -- definitions validate <file.bpmn>…   检查流程定义，不合格时退出码 1 check; exit 1 when refused
  npm run zhifa -- definitions deploy [dir]            部署 dir（默认 definitions/）下每个 <key>/process.bpmn deploy every changed definition
  npm run zhifa -- definitions diff <a.bpmn> <b.bpmn>  从 a 到 b 新增、删除、修改的环节及其属性 steps added, removed and changed
  npm run zhifa -- definitions simulate <file.bpmn> --start 2025-09-30 [--outcomes "legalReview=return,…"] [--variables '{"…":…}']
      不用数据库模拟办理：每个环节一行（开启日期、名称、岗位、期限、所选结果）；未指定的环节取其第一个结果，再次到达时取下一个
      walk the definition without a database: one line per step reached (opened, name, role, due date, outcome)`

function print(problem: DefinitionProblem, mark: string, out: (line: string) => void) {
  const where = problem.elementId ? (problem.elementName ? `「${problem.elementName}」(${problem.elementId})` : problem.elementId) : '（整个文件）'
  out(`  ${mark} [${problem.code}] ${where}：${problem.message}`)
  out(`      ${problem.messageEn}`)
}

async function validate(files: string[]): Promise<number> {
  const registry = loadRegistry()
  const validator = createFormValidator(registry)
  let refused = 0
  for (const file of files) {
    const xml = readInputFile(file)
    if (xml === null) {
      refused += 1
      continue
    }
    const result = await validateForApp(xml, validator, registry)
    if (result.ok) {
      console.log(`✓ ${file}：流程「${result.key}」可以部署 can be deployed${result.warnings.length ? `（${result.warnings.length} 处提示 warnings）` : ''}`)
    } else {
      refused += 1
      console.error(`✗ ${file}：不能部署，${result.problems.length} 处问题 refused, ${result.problems.length} problem(s)`)
      for (const problem of result.problems) print(problem, '✗', console.error)
    }
    for (const warning of result.warnings) print(warning, '!', console.log)
  }
  return refused ? 1 : 0
}

async function deploy(dir: string): Promise<number> {
  const db = createDb()
  try {
    const registry = loadRegistry()
    const workflow = createWorkflow({
      db, clock: systemClock, registry, validator: createFormValidator(registry),
      documents: () => Promise.reject(new Error('deploy issues no documents')),
    })
    const { deployed, refused } = await workflow.deployDirectory(dir, null, { source: 'import' })
    // A stored version is in force only once the catalog activates it (docs/decisions/025).
    for (const d of deployed.filter((x) => x.created)) {
      await activate(db, { kind: 'definition', key: d.key, version: d.version, actor: null, changeNote: `definitions deploy ${d.key}` }, systemClock)
    }
    for (const d of deployed) console.log(`✓ ${d.key} v${d.version} ${d.created ? '已部署并生效 deployed' : '未变 unchanged'}`)
    for (const r of refused) {
      console.error(`✗ ${r.key}（${r.file}）：不能部署 refused`)
      for (const problem of r.problems) print(problem, '✗', console.error)
    }
    return refused.length ? 1 : 0
  } finally {
    await db.$disconnect()
  }
}

function label(e: DiffElement): string {
  return `${e.type} ${e.id}${e.name ? `「${e.name}」` : ''}`
}

async function diff(beforeFile: string, afterFile: string): Promise<number> {
  const before = readInputFile(beforeFile)
  const after = readInputFile(afterFile)
  if (before === null || after === null) return 1
  const result = await diffDefinitions(before, after)
  if (!result.ok) {
    console.error(`✗ ${result.which === 'before' ? beforeFile : afterFile}：不是可读的流程定义 not a readable definition`)
    for (const problem of result.problems) print(problem, '✗', console.error)
    return 1
  }
  const show = (value: string | null) => (value === null ? '（无）' : value)
  console.log(`${beforeFile} → ${afterFile}`)
  console.log(`新增 added: ${result.added.length}`)
  for (const e of result.added) console.log(`  + ${label(e)}`)
  console.log(`删除 removed: ${result.removed.length}`)
  for (const e of result.removed) console.log(`  - ${label(e)}`)
  console.log(`修改 changed: ${result.changed.length}`)
  for (const c of result.changed) {
    console.log(`  ~ ${label(c.after)}`)
    for (const change of c.changes) console.log(`      ${change.name}: ${show(change.before)} → ${show(change.after)}`)
  }
  return 0
}

/** `--name value` options after the positional arguments. */
function options(args: string[]): { positional: string[]; named: Record<string, string> } | null {
  const positional: string[] = []
  const named: Record<string, string> = {}
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!
    if (!arg.startsWith('--')) positional.push(arg)
    else if (i + 1 < args.length) named[arg.slice(2)] = args[(i += 1)]!
    else return null
  }
  return { positional, named }
}

async function simulate(file: string, named: Record<string, string>): Promise<number> {
  const start = named.start ?? ''
  if (!isDate(start)) {
    console.error(`✗ --start 应为日期 YYYY-MM-DD must be a date: ${start || '（未给出）'}`)
    return 2
  }
  const outcomes: Record<string, string> = {}
  for (const pair of (named.outcomes ?? '').split(/[,，]/).map((p) => p.trim()).filter(Boolean)) {
    const [step, outcome] = pair.split('=').map((p) => p.trim())
    if (!step || !outcome) {
      console.error(`✗ --outcomes 的格式为 环节id=结果，以逗号分隔 expected step=outcome pairs: ${pair}`)
      return 2
    }
    outcomes[step] = outcome
  }
  let variables: Record<string, unknown> = {}
  try {
    variables = named.variables ? (JSON.parse(named.variables) as Record<string, unknown>) : {}
  } catch (e) {
    console.error(`✗ --variables 不是 JSON not JSON: ${(e as Error).message}`)
    return 2
  }
  const xml = readInputFile(file)
  if (xml === null) return 1
  // The shipped statutory calendar, and the provisional one after it: no database needed.
  const calendar = buildCalendar(statutoryCalendarDays(SEED_YEARS.from, SEED_YEARS.to))
  const result = await simulateDefinition(xml, { start, calendar, outcomes, variables })
  if (!result.ok) {
    console.error(`✗ ${file}：不能模拟 cannot simulate`)
    for (const problem of result.problems) print(problem, '✗', console.error)
    return 1
  }
  for (const step of result.steps) {
    const due = step.dueDate ? `期限 ${step.dueDate}${step.provisional ? '（暂定）' : ''}` : step.dueNote ?? '无期限'
    console.log([step.opened, step.name, step.role ?? '—', due, step.outcome ? `→ ${step.outcome}` : ''].join('  ').trimEnd())
  }
  console.log(result.ended ? '流程结束 ended' : `未结束（已走 ${result.steps.length} 步）not ended`)
  return 0
}

export async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args
  if (command === 'validate' && rest.length > 0) return validate(rest)
  if (command === 'deploy' && rest.length <= 1) return deploy(path.resolve(rest[0] ?? 'definitions'))
  if (command === 'diff' && rest.length === 2) return diff(rest[0]!, rest[1]!)
  const parsed = command === 'simulate' ? options(rest) : null
  if (parsed && parsed.positional.length === 1) return simulate(parsed.positional[0]!, parsed.named)
  console.error(usage)
  return 2
}
