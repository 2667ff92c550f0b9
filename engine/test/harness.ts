/**
 * A real engine wired for tests: the real operation log (appendAudit), a
 * small JSON Schema form registry (ajv), the glossary's role keys, and a
 * scope resolver over a two-level department naming scheme.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Ajv } from 'ajv'
import type { Db } from '../../prisma/client.ts'
import { appendAudit } from '../../app/services/audit.server.ts'
import { createEngine, type Actor, type Clock, type EngineOptions, type FormCatalog, type ScopeResolver, type WorkflowEngine } from '../index.ts'
import { seedCalendar } from '../calendar/calendar-store.ts'

export const fixturesDir = path.join(import.meta.dirname, 'fixtures')

export function fixture(name: string): string {
  return fs.readFileSync(path.join(fixturesDir, name), 'utf8')
}

const schemas: Record<string, object> = {
  'onsite-inspection-plan': {
    type: 'object',
    required: ['target'],
    properties: { target: { type: 'string', minLength: 1 }, hearingRequested: { type: 'boolean' } },
  },
  'legal-review-opinion': {
    type: 'object',
    required: ['opinion'],
    properties: { opinion: { type: 'string', minLength: 1 } },
  },
  approval: {
    type: 'object',
    properties: { remark: { type: 'string' } },
  },
}

const ajv = new Ajv({ allErrors: true })
const validators = Object.fromEntries(Object.entries(schemas).map(([key, schema]) => [key, ajv.compile(schema)]))

export const testForms: FormCatalog = {
  exists: (key) => key in validators,
  validate(key, payload) {
    const validate = validators[key]
    if (!validate) return { ok: false, errors: [{ path: '', message: `unknown form ${key}` }] }
    if (validate(payload)) return { ok: true, formVersion: `${key}@1` }
    return { ok: false, errors: (validate.errors ?? []).map((e) => ({ path: e.instancePath, message: e.message ?? 'invalid' })) }
  },
}

export const ROLE_KEYS = ['system-admin', 'officer', 'supervisor', 'deputy-head', 'principal-head', 'legal-reviewer', 'committee-member', 'policy-reviewer', 'process-admin']

/** `case-department` is the instance's department; `legal-office` its legal office, named `<dept>.legal-office`. */
export const testScopes: ScopeResolver = {
  knows: (scope) => scope === 'case-department' || scope === 'legal-office',
  async resolve(scope, instance) {
    if (!instance.departmentId) return null
    return scope === 'legal-office' ? `${instance.departmentId}.legal-office` : instance.departmentId
  },
}

export function actor(id: string, role: string, departmentId: string): Actor {
  return {
    id, loginName: id, displayName: id, departmentId, departmentPath: `/${departmentId}/`, organId: departmentId,
    roles: [{ role, departmentId, departmentPath: `/${departmentId}/`, organId: departmentId, organPath: `/${departmentId}/` }],
  }
}

export const county = 'county-a'
export const officer = actor('officer-1', 'officer', county)
export const officer2 = actor('officer-2', 'officer', county)
export const legalReviewer = actor('legal-1', 'legal-reviewer', `${county}.legal-office`)
export const deputyHead = actor('deputy-1', 'deputy-head', county)
export const supervisor = actor('supervisor-1', 'supervisor', county)
export const otherCountyOfficer = actor('officer-b', 'officer', 'county-b')

export function makeEngine(db: Db, clock: Clock, options: Partial<EngineOptions> = {}): WorkflowEngine {
  return createEngine({
    ...options,
    db, clock, forms: testForms, scopes: testScopes,
    roles: { exists: (key) => ROLE_KEYS.includes(key) },
    audit: async (tx, entry) => {
      await appendAudit(tx, {
        actorId: entry.actor?.id ?? null, actorName: entry.actor?.displayName ?? null, departmentId: entry.actor?.departmentId ?? null,
        action: entry.action, targetType: entry.targetType, targetId: entry.targetId, detail: entry.detail,
      }, clock)
    },
  })
}

/** Seeds the calendar and deploys the named fixtures. */
export async function prepare(db: Db, clock: Clock, options: Partial<EngineOptions> | string = {}, ...fixtures: string[]): Promise<WorkflowEngine> {
  if (typeof options === 'string') return prepare(db, clock, {}, options, ...fixtures)
  await seedCalendar(db, { clock })
  const engine = makeEngine(db, clock, options)
  for (const name of fixtures) await engine.deploy(fixture(name), null)
  return engine
}
