// npm run zhifa -- catalog export <dir> | import <dir> --note "…" | versions <kind> <key> | adopt <kind> <key> [--yes] (docs/decisions/025).
import path from 'node:path'
import { createDb, type Db } from '../../prisma/client.ts'
import { systemClock } from '../../engine/clock.ts'
import { createFormValidator } from '../../forms/_lib/validator.ts'
import { createWorkflow } from '../../app/services/workflow/workflow.server.ts'
import { createCatalog, type Catalog } from '../../app/services/catalog/catalog.server.ts'
import { activeVersionOf } from '../../app/services/catalog/definition-in-force.server.ts'
import { writeBundle } from '../../app/services/catalog/bundle.server.ts'
import { importDirectory } from '../../app/services/catalog/import.server.ts'
import { listVersions } from '../../app/services/catalog/versions.server.ts'
import { adoptBaseline, baselineDiff } from '../../app/services/catalog/adopt.server.ts'
import { formatDiff } from '../../app/services/catalog/line-diff.ts'
import { isCatalogKind, kindTitles } from '../../app/services/catalog/kinds.ts'

export const summary = '配置目录 catalog: export <dir> | import <dir> --note "…" | versions <kind> <key> | adopt <kind> <key> [--yes]'

const usage = `用法 usage:
  npm run zhifa -- catalog export <dir>                 把生效的全部配置写成文件（与随附目录同一结构）export every active item
  npm run zhifa -- catalog import <dir> --note "说明"    全部检查通过后在一个事务中生效，否则什么都不改 check all, then activate all or nothing
  npm run zhifa -- catalog versions <kind> <key>        列出版本 list versions (kind: definition | form | reference | role)
  npm run zhifa -- catalog adopt <kind> <key> [--yes]   显示可更新基线的差异；加 --yes 采用 show the offered baseline's diff; --yes adopts it`

async function withCatalog<T>(fn: (db: Db, catalog: Catalog) => Promise<T>): Promise<T> {
  const db = createDb()
  try {
    const catalog = createCatalog(db, { applyReferenceLists: true })
    await catalog.reload()
    return await fn(db, catalog)
  } finally {
    await db.$disconnect()
  }
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}

async function exportTo(dir: string): Promise<number> {
  return withCatalog(async (db, catalog) => {
    const files = await writeBundle(db, catalog, dir)
    console.log(`✓ 已导出 ${files} 个文件到 ${dir} exported`)
    return 0
  })
}

async function importFrom(dir: string, note: string): Promise<number> {
  return withCatalog(async (db, catalog) => {
    const workflow = createWorkflow({
      db, clock: systemClock, registry: catalog.forms, validator: createFormValidator(catalog.forms),
      documents: () => Promise.reject(new Error('import issues no documents')),
      activeVersion: activeVersionOf(catalog),
    })
    const result = await importDirectory({ db, clock: systemClock, workflow, catalog }, dir, { note, actor: null })
    if (!result.ok) {
      console.error(`✗ 未导入任何内容：${result.problems.length} 处问题 nothing imported`)
      for (const p of result.problems) console.error(`  ✗ ${p}`)
      return 1
    }
    for (const a of result.activated) console.log(`✓ 已生效 ${a}`)
    console.log(`导入完成：${result.activated.length} 项生效，${result.unchanged.length} 项未变 imported`)
    return 0
  })
}

async function versions(kind: string, key: string): Promise<number> {
  if (!isCatalogKind(kind)) {
    console.error(`未知的类别「${kind}」unknown kind\n${usage}`)
    return 2
  }
  return withCatalog(async (db) => {
    const list = await listVersions(db, kind, key)
    if (!list.length) {
      console.error(`${kindTitles[kind]}「${key}」没有任何版本 no versions`)
      return 1
    }
    for (const v of list) {
      const marks = [v.active && '生效 active', v.baseline && '基线 baseline', v.available && '可更新 available'].filter(Boolean).join(' ')
      console.log(`v${v.version}\t${v.createdAt.toISOString()}\t${v.createdByName ?? '系统'}\t${v.source}\t${v.hash.slice(0, 12)}\t${marks}\t${v.changeNote ?? ''}`)
    }
    return 0
  })
}

async function adopt(kind: string, key: string, yes: boolean): Promise<number> {
  if (!isCatalogKind(kind)) {
    console.error(`未知的类别「${kind}」unknown kind\n${usage}`)
    return 2
  }
  return withCatalog(async (db) => {
    const offer = await baselineDiff(db, kind, key)
    if (!offer) {
      console.error(`${kindTitles[kind]}「${key}」没有可更新的基线 nothing offered`)
      return 1
    }
    console.log(`${kindTitles[kind]}「${key}」：生效 v${offer.activeVersion} → 可更新基线 v${offer.availableVersion}\n${formatDiff(offer.diff)}`)
    if (!yes) {
      console.log('加 --yes 采用该基线 add --yes to adopt it')
      return 0
    }
    await adoptBaseline(db, kind, key, null, systemClock)
    console.log(`✓ 已采用 v${offer.availableVersion} adopted`)
    return 0
  })
}

export async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args
  if (command === 'export' && rest.length === 1) return exportTo(path.resolve(rest[0]!))
  if (command === 'import' && rest[0] && !rest[0].startsWith('--')) {
    const note = option(rest, '--note')
    if (!note?.trim()) {
      console.error('请用 --note "…" 写明这次变更的原因 a change note is required')
      return 2
    }
    return importFrom(path.resolve(rest[0]), note)
  }
  if (command === 'versions' && rest.length === 2) return versions(rest[0]!, rest[1]!)
  if (command === 'adopt' && rest.length >= 2) return adopt(rest[0]!, rest[1]!, rest.includes('--yes'))
  console.error(usage)
  return 2
}
