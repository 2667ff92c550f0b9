/**
 * Deployed definitions: immutable versions in ProcessDefinition, compiled
 * once per process into a cache keyed by version id.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Db, Tx } from '../prisma/client.ts'
import type { Actor } from './actor.ts'
import type { AuditSink } from './adapters.ts'
import type { Clock } from './clock.ts'
import { DefinitionInvalid, DefinitionNotFound, type DefinitionProblem } from './errors.ts'
import { parseBpmn } from './definition/parse-bpmn.ts'
import { validateDefinition, type ValidationResult } from './definition/validate-definition.ts'
import { checkDefinition, type DefinitionCatalogs } from './definition/zhifa-rules.ts'
import { compileDefinition, type CompiledDefinition } from './runtime/compiled-definition.ts'

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

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex')
}

/** Catalogs that accept everything: used when re-compiling a version that passed validation at deploy. */
const trusting: DefinitionCatalogs = { formExists: () => true, roleExists: () => true, scopeKnown: () => true, approvalForm: 'approval' }

export class DefinitionRegistry {
  readonly #cache = new Map<string, Promise<CompiledDefinition>>()

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditSink,
    private readonly catalogs: DefinitionCatalogs,
  ) {}

  validate(xml: string): Promise<ValidationResult> {
    return validateDefinition(xml, this.catalogs)
  }

  async deploy(xml: string, actor: Actor | null, options: { changeNote?: string; expectedKey?: string } = {}): Promise<DeployedDefinition> {
    const result = await this.validate(xml)
    if (!result.ok) throw new DefinitionInvalid(result.problems)
    const { key, name } = result.model
    if (options.expectedKey && options.expectedKey !== key) {
      throw new DefinitionInvalid([{ elementId: key, code: 'KEY_MISMATCH', message: `流程 id「${key}」与目录名「${options.expectedKey}」不一致`, messageEn: `process id "${key}" does not match folder "${options.expectedKey}"` }])
    }
    const hash = sha256(xml)
    const deployed = await this.db.$transaction(async (tx) => {
      const latest = await tx.processDefinition.findFirst({ where: { key }, orderBy: { version: 'desc' } })
      if (latest && latest.sha256 === hash) return { ...latest, created: false }
      const row = await tx.processDefinition.create({
        data: {
          key, name, xml, sha256: hash,
          version: (latest?.version ?? 0) + 1,
          deployedById: actor?.id ?? null,
          deployedByName: actor?.displayName ?? null,
          deployedAt: this.clock.now(),
          changeNote: options.changeNote ?? null,
        },
      })
      await this.audit(tx, { actor, action: 'process.deploy', targetType: 'ProcessDefinition', targetId: row.id, detail: { key, version: row.version, sha256: hash, changeNote: options.changeNote ?? null } })
      return { ...row, created: true }
    })
    if (deployed.created) {
      this.#cache.set(deployed.id, compileDefinition(deployed, result.model))
    }
    return { id: deployed.id, key: deployed.key, version: deployed.version, name: deployed.name, sha256: deployed.sha256, deployedAt: deployed.deployedAt, created: deployed.created }
  }

  /** Deploys `<dir>/<key>/process.bpmn` for every key whose file changed since its newest version. */
  async deployDirectory(dir: string, actor: Actor | null): Promise<DirectoryDeployment> {
    const outcome: DirectoryDeployment = { deployed: [], refused: [] }
    if (!fs.existsSync(dir)) return outcome
    for (const key of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, key, 'process.bpmn')
      if (!fs.existsSync(file)) continue
      try {
        outcome.deployed.push(await this.deploy(fs.readFileSync(file, 'utf8'), actor, { expectedKey: key, changeNote: `deployDirectory ${key}/process.bpmn` }))
      } catch (err) {
        if (!(err instanceof DefinitionInvalid)) throw err
        outcome.refused.push({ key, file, problems: err.problems })
      }
    }
    return outcome
  }

  async latest(key: string, tx: Tx): Promise<CompiledDefinition> {
    const row = await tx.processDefinition.findFirst({ where: { key }, orderBy: { version: 'desc' }, select: { id: true, key: true, version: true } })
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
}

async function compileStored(row: DefinitionRow): Promise<CompiledDefinition> {
  const parsed = await parseBpmn(row.xml)
  if (!parsed.ok) throw new DefinitionInvalid(parsed.problems)
  const { model, problems } = await checkDefinition(parsed.context, trusting)
  if (!model || problems.length) throw new DefinitionInvalid(problems)
  return compileDefinition(row, model)
}
