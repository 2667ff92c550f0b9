/**
 * 文书编号: per department, per sequence key (机关代字后缀) and per year,
 * without gaps or duplicates. The counter row is bumped with one
 * INSERT … ON CONFLICT DO UPDATE … RETURNING inside the issuing
 * transaction: PostgreSQL holds the row lock and SQLite the write lock until
 * commit, so concurrent issues queue, and a failed issue rolls its number
 * back instead of leaving a hole.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Tx } from '../../../prisma/client.ts'
import { FORMS_DIR } from '../../../forms/_lib/registry.ts'

export interface NumberingConfig {
  /** e.g. `{prefix}{sequence}〔{year}〕{seq}号` */
  pattern: string
  /** Pattern per sequence key, where one differs. */
  bySequence: Record<string, string>
}

export function loadNumberingConfig(dir = FORMS_DIR): NumberingConfig {
  const raw = JSON.parse(fs.readFileSync(path.join(dir, '_common', 'numbering.json'), 'utf8')) as Partial<NumberingConfig>
  if (!raw.pattern?.includes('{seq')) throw new Error('numbering.json: pattern must contain {seq}')
  return { pattern: raw.pattern, bySequence: raw.bySequence ?? {} }
}

export interface NumberParts {
  prefix: string
  sequence: string
  year: number
  seq: number
}

/**
 * @example
 * formatDocumentNumber({ pattern: '{prefix}{sequence}〔{year}〕{seq}号', bySequence: {} },
 *   { prefix: '伊应急', sequence: '罚', year: 2026, seq: 12 }) // '伊应急罚〔2026〕12号'
 */
export function formatDocumentNumber(config: NumberingConfig, parts: NumberParts): string {
  const pattern = config.bySequence[parts.sequence] ?? config.pattern
  return pattern.replace(/\{(prefix|sequence|year|seq)(?::(\d))?\}/g, (_, name: keyof NumberParts, pad?: string) => {
    const value = String(parts[name])
    return pad ? value.padStart(Number(pad), '0') : value
  })
}

/** Hands out the next number of a sequence; call inside the transaction that uses it. */
export async function allocateNumber(tx: Tx, key: { departmentId: string; sequenceKey: string; year: number }): Promise<number> {
  const rows = await tx.$queryRaw<{ last: number | bigint }[]>`
    INSERT INTO "DocumentSequence" ("departmentId", "sequenceKey", "year", "last")
    VALUES (${key.departmentId}, ${key.sequenceKey}, ${key.year}, 1)
    ON CONFLICT ("departmentId", "sequenceKey", "year")
    DO UPDATE SET "last" = "DocumentSequence"."last" + 1
    RETURNING "last"`
  return Number(rows[0]!.last)
}
