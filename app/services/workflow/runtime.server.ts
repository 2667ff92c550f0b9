/**
 * The workflow engine of this server process, wired once. Routes and the
 * scheduler use `workflow()`; tests build their own with createWorkflow.
 */
import type { WorkflowEngine } from '../../../engine/index.ts'
import { db } from '../../utils/db.server.ts'
import { clock } from '../../utils/clock.server.ts'
import { documentRuntime, formsRuntime } from '../documents/runtime.server.ts'
import { createWorkflow } from './workflow.server.ts'
import { catalog } from '../catalog/runtime.server.ts'
import { activeVersionOf } from '../catalog/definition-in-force.server.ts'

const globalForWorkflow = globalThis as unknown as { __zhifaWorkflow?: WorkflowEngine }

export function workflow(): WorkflowEngine {
  if (!globalForWorkflow.__zhifaWorkflow) {
    const { registry, validator } = formsRuntime()
    globalForWorkflow.__zhifaWorkflow = createWorkflow({
      db, clock, registry, validator,
      // New instances start the version in force for their department (a memory read; the department's path only when some department has its own version).
      activeVersion: activeVersionOf(catalog()),
      documents: () => documentRuntime().then((runtime) => runtime.service(db, { clock })),
    })
  }
  return globalForWorkflow.__zhifaWorkflow
}
