/**
 * Fixtures for document tests: a department with its 机关代字, an acting
 * officer, and a documents service over a given database and converter.
 */
import type { Db } from '../../prisma/client.ts'
import type { Actor } from '../../engine/actor.ts'
import type { Clock } from '../../engine/clock.ts'
import { loadRegistry, type FormRegistry } from '../../forms/_lib/registry.ts'
import { createFormValidator } from '../../forms/_lib/validator.ts'
import type { PdfConverter } from '../../app/services/documents/converter.server.ts'
import { createRenderer } from '../../app/services/documents/render.server.ts'
import { createDocumentService } from '../../app/services/documents/documents.server.ts'

export async function createDepartment(db: Db, code: string, name: string, docPrefix: string | null) {
  // The id doubles as the code, so the path of ids reads "/<code>/"; a prefecture is its own organ.
  return db.department.create({ data: { id: code, code, name, kind: 'prefecture', path: `/${code}/`, organId: code, docPrefix } })
}

export function officerOf(department: { id: string; path: string }, name = '李明'): Actor {
  const grant = { role: 'officer', departmentId: department.id, departmentPath: department.path, organId: department.id, organPath: department.path }
  return { id: `user-${name}`, loginName: name, displayName: name, departmentId: department.id, departmentPath: department.path, organId: department.id, roles: [grant] }
}

export function documentService(db: Db, converter: PdfConverter, clock: Clock, registry: FormRegistry = loadRegistry()) {
  return createDocumentService({
    db, registry, validator: createFormValidator(registry), renderer: createRenderer(converter), clock,
    baseUrl: 'https://zhifa.example',
  })
}
