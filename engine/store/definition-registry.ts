/**
 * Deployed definitions: immutable versions in ProcessDefinition, compiled
 * once per process into a cache keyed by version id.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Db, Tx } from '../../prisma/client.ts'
import type { Actor } from '../actor.ts'
import type { AuditSink } from '../adapters.ts'
import type { Clock } from '../clock.ts'
import { DefinitionInvalid, DefinitionNotFound, type DefinitionProblem } from '../errors.ts'
import { parseBpmn } from '../definition/parse-bpmn.ts'
import { validateDefinition, type ValidationResult } from '../definition/validate-definition.ts'
import { checkDefinition, gateBypassesFrom, type DefinitionCatalogs } from '../definition/zhifa-rules.ts'
import type { ModdleElement } from 'bpmn-moddle'
import { compileDefinition, type CompiledDefinition } from '../runtime/compiled-definition.ts'

export interface DeployedDefinition {
  id: string
  key: string
  version: number
  name: string
  sha256: string
  deployedAt: Date
  /** False when the same XML was already the newest version: nothing was stored. */
  created: boolean
}

export interface DirectoryDeployment {
  deployed: DeployedDefinition[]
  refused: { key: string; file: string; problems: DefinitionProblem[] }[]
}

type DefinitionRow = { id: string; key: string; version: number; xml: string }

export interface DirectoryOptions {
  /** Deploys only the files this accepts (the catalog's baseline sync passes those whose baseline changed). */
  include?: (key: string, xml: string) => boolean
  source?: string
}

/**
 * The version of `key` in force for a new instance of `departmentId` (the
 * catalog's active version, or a department's own one up its tree), or null:
 * the newest stored version.
 */
export type ActiveVersion = (key: string, tx: Tx, departmentId?: string | null) => Promise<number | null>

export interface StoreOptions {
  changeNote?: string | null
  /** baseline | admin | import (ProcessDefinition.source). */
  source?: string
  reuse: 'newest' | 'any'
}

/** A version's flow elements by id (sub-process contents included), with the process element for graph checks. */
export interface DefinitionOutline {
  processElement: ModdleElement
  elements: Map<string, { type: string; name: string }>
}

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex')
}

/** Catalogs that accept everything: used when re-compiling a version that passed validation at deploy. */
const trusting: DefinitionCatalogs = { formExists: () => true, roleExists: () => true, scopeKnown: () => true, approvalForm: 'approval' }

export class DefinitionRegistry {
  readonly #cache = new Map<string, Promise<CompiledDefinition>>()
  readonly #outlines = new Map<string, Promise<DefinitionOutline>>()
  private readonly catalogs: DefinitionCatalogs

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditSink,
    catalogs: DefinitionCatalogs,
    private readonly activeVersion: ActiveVersion = async () => null,
  ) {
    // A call activity may only call a definition that is deployed: otherwise the case sticks at the call.
    this.catalogs = {
      ...catalogs,
      definitionExists: catalogs.definitionExists ?? (async (key) => (await db.processDefinition.count({ where: { key } })) > 0),
      // The gate check follows call activities into the called definition: the newest deployed version, else what the app supplies (shipped files).
      definitionXml: async (key) => (await db.processDefinition.findFirst({ where: { key }, orderBy: { version: 'desc' }, select: { xml: true } }))?.xml ?? (await catalogs.definitionXml?.(key)) ?? null,
    }
  }

  validate(xml: string): Promise<ValidationResult> {
    return validateDefinition(xml, this.catalogs)
  }

  /**
   * Stores a version that passed validation inside the caller's transaction
   * (a catalog import stores all its items in one). `reuse`: which stored
   * version with the same XML is returned instead of a new one — only the
   * newest (deploy), or any (the catalog: identical content is no new version).
   */
  async storeIn(tx: Tx, xml: string, model: { key: string; name: string }, actor: Actor | null, options: StoreOptions): Promise<DefinitionRow & { sha256: string; name: string; deployedAt: Date; created: boolean }> {
    const { key, name } = model
    const hash = sha256(xml)
    const latest = await tx.processDefinition.findFirst({ where: { key }, orderBy: { version: 'desc' } })
    if (latest && latest.sha256 === hash) return { ...latest, created: false }
    if (options.reuse === 'any') {
      const same = await tx.processDefinition.findFirst({ where: { key, sha256: hash }, orderBy: { version: 'desc' } })
      if (same) return { ...same, created: false }
    }
    const row = await tx.processDefinition.create({
      data: {
        key, name, xml, sha256: hash,
        version: (latest?.version ?? 0) + 1,
        deployedById: actor?.id ?? null,
        deployedByName: actor?.displayName ?? null,
        deployedAt: this.clock.now(),
        changeNote: options.changeNote ?? null,
        source: options.source ?? 'baseline',
      },
    })
    await this.audit(tx, { actor, action: 'process.deploy', targetType: 'ProcessDefinition', targetId: row.id, detail: { key, version: row.version, sha256: hash, changeNote: options.changeNote ?? null, source: row.source } })
    return { ...row, created: true }
  }

  async deploy(xml: string, actor: Actor | null, options: { changeNote?: string; expectedKey?: string; source?: string } = {}): Promise<DeployedDefinition> {
    const result = await this.validate(xml)
    if (!result.ok) throw new DefinitionInvalid(result.problems)
    const { key } = result.model
    if (options.expectedKey && options.expectedKey !== key) {
      throw new DefinitionInvalid([{ elementId: key, code: 'KEY_MISMATCH', message: `流程 id「${key}」与目录名「${options.expectedKey}」不一致`, messageEn: `process id "${key}" does not match folder "${options.expectedKey}"` }])
    }
    const deployed = await this.db.$transaction((tx) => this.storeIn(tx, xml, result.model, actor, { ...options, reuse: 'newest' }))
    if (deployed.created) {
      this.#cache.set(deployed.id, compileDefinition(deployed, result.model))
    }
    return { id: deployed.id, key: deployed.key, version: deployed.version, name: deployed.name, sha256: deployed.sha256, deployedAt: deployed.deployedAt, created: deployed.created }
  }

  /**
   * Deploys `<dir>/<key>/process.bpmn` for every key whose file changed since
   * its newest version. Never stops at a bad file: whatever goes wrong with
   * one (refused, unreadable, a bug of ours) is reported for that file, the
   * others deploy, and the refused key keeps its previous version. A file
   * refused only because it calls a definition not deployed yet is tried
   * again after the others (a case calls the hearing, which sorts after it).
   */
  async deployDirectory(dir: string, actor: Actor | null, options: DirectoryOptions = {}): Promise<DirectoryDeployment> {
    const outcome: DirectoryDeployment = { deployed: [], refused: [] }
    if (!fs.existsSync(dir)) return outcome
    let pending = fs.readdirSync(dir).sort().map((key) => ({ key, file: path.join(dir, key, 'process.bpmn') })).filter((f) => fs.existsSync(f.file))
    if (options.include) pending = pending.filter((f) => options.include!(f.key, fs.readFileSync(f.file, 'utf8')))
    for (;;) {
      const before = outcome.deployed.length
      const waiting: typeof pending = []
      const refused: DirectoryDeployment['refused'] = []
      for (const { key, file } of pending) {
        try {
          outcome.deployed.push(await this.deploy(fs.readFileSync(file, 'utf8'), actor, { expectedKey: key, changeNote: `deployDirectory ${key}/process.bpmn`, source: options.source }))
        } catch (err) {
          const problems: DefinitionProblem[] = err instanceof DefinitionInvalid
            ? err.problems
            : [{ elementId: null, code: 'DEPLOY_FAILED', message: `部署失败：${firstLine(err)}`, messageEn: `deploy failed: ${firstLine(err)}` }]
          if (problems.every((p) => p.code === 'CALL_TARGET_UNKNOWN')) waiting.push({ key, file })
          refused.push({ key, file, problems })
        }
      }
      const progress = waiting.length > 0 && outcome.deployed.length > before
      if (!progress) {
        outcome.refused.push(...refused)
        break
      }
      outcome.refused.push(...refused.filter((r) => !waiting.some((w) => w.key === r.key)))
      pending = waiting
    }
    outcome.refused.sort((a, b) => a.key.localeCompare(b.key))
    return outcome
  }

  /** The version new instances (of this department) start: the one in force when the catalog names it, else the newest. */
  async latest(key: string, tx: Tx, departmentId: string | null = null): Promise<CompiledDefinition> {
    const active = await this.activeVersion(key, tx, departmentId)
    const row = active !== null
      ? await tx.processDefinition.findUnique({ where: { key_version: { key, version: active } }, select: { id: true, key: true, version: true } })
      : await tx.processDefinition.findFirst({ where: { key }, orderBy: { version: 'desc' }, select: { id: true, key: true, version: true } })
    if (!row) throw new DefinitionNotFound(key)
    return this.compiled(row.id, tx)
  }

  /** The compiled version, from the cache or compiled from its stored XML. */
  compiled(id: string, tx: Tx): Promise<CompiledDefinition> {
    let entry = this.#cache.get(id)
    if (!entry) {
      entry = (async () => {
        const row: DefinitionRow | null = await tx.processDefinition.findUnique({ where: { id }, select: { id: true, key: true, version: true, xml: true } })
        if (!row) throw new DefinitionNotFound(id)
        return compileStored(row)
      })()
      entry.catch(() => this.#cache.delete(id))
      this.#cache.set(id, entry)
    }
    return entry
  }

  /** The version's elements, parsed once per process (moving instances compares two versions element by element). */
  outline(id: string, tx: Tx): Promise<DefinitionOutline> {
    let entry = this.#outlines.get(id)
    if (!entry) {
      entry = (async () => {
        const row = await tx.processDefinition.findUnique({ where: { id }, select: { xml: true } })
        if (!row) throw new DefinitionNotFound(id)
        const parsed = await parseBpmn(row.xml)
        if (!parsed.ok) throw new DefinitionInvalid(parsed.problems)
        const processElement = ((parsed.context.rootElement.rootElements as ModdleElement[] | undefined) ?? []).find((e) => e.$type === 'bpmn:Process')!
        const elements = new Map<string, { type: string; name: string }>()
        const containers = [processElement]
        for (let c = 0; c < containers.length; c += 1) {
          for (const element of (containers[c]!.flowElements as ModdleElement[] | undefined) ?? []) {
            if (typeof element.id !== 'string') continue
            elements.set(element.id, { type: element.$type, name: typeof element.name === 'string' && element.name.trim() ? element.name.trim() : element.id })
            if (element.$type === 'bpmn:SubProcess') containers.push(element)
          }
        }
        return { processElement, elements }
      })()
      entry.catch(() => this.#outlines.delete(id))
      this.#outlines.set(id, entry)
    }
    return entry
  }

  /** GATE_BYPASSED problems of version `id` for an instance waiting at `from` that has passed `passed` (see gateBypassesFrom). */
  async gateBypassesFrom(id: string, tx: Tx, from: readonly string[], passed: ReadonlySet<string>): Promise<DefinitionProblem[]> {
    const [outline, compiled] = await Promise.all([this.outline(id, tx), this.compiled(id, tx)])
    return gateBypassesFrom(outline.processElement, compiled.model, this.catalogs, from, passed)
  }
}

function firstLine(err: unknown): string {
  return ((err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '').slice(0, 200)
}

async function compileStored(row: DefinitionRow): Promise<CompiledDefinition> {
  const parsed = await parseBpmn(row.xml)
  if (!parsed.ok) throw new DefinitionInvalid(parsed.problems)
  const { model, problems } = await checkDefinition(parsed.context, trusting, parsed.visited)
  if (!model || problems.length) throw new DefinitionInvalid(problems)
  return compileDefinition(row, model)
}
