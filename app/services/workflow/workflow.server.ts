/**
 * The engine as the application uses it: wired to the database, the clock,
 * the forms registry, the department tree (scopes), the operation log, the
 * statutory gates of definitions/gates.json (checked at deploy), and the
 * hooks that make a completed step's document and record its gate decision
 * in the same transaction.
 */
import type { Db, Tx } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { Actor } from '../../../engine/actor.ts'
import { createEngine, validateDefinition, type TaskView, type ValidateResult, type WorkflowEngine } from '../../../engine/index.ts'
import type { FormRegistry } from '../../../forms/_lib/registry.ts'
import type { FormValidator } from '../../../forms/_lib/validator.ts'
import { appendAudit } from '../audit.server.ts'
import { isRoleKey } from '../../reference/roles.ts'
import type { DocumentService } from '../documents/documents.server.ts'
import { createScopeResolver } from './scopes.server.ts'
import { Conflict } from '../errors.ts'
import { applyRecordRequest } from '../matters/record-requests.server.ts'
import { engineGateRules, passesGate } from './gates.server.ts'
import { issueStepDocument } from './step-documents.server.ts'

export { issuesDocument } from './step-documents.server.ts'

export interface WorkflowDeps {
  db: Db
  clock: Clock
  registry: FormRegistry
  validator: FormValidator
  /** Issues the documents steps make; resolved lazily so LibreOffice can start after the server. */
  documents: () => Promise<DocumentService>
}

async function recordGate(tx: Tx, task: TaskView, actor: Actor, now: Date) {
  if (!task.gate || !task.businessKey || !passesGate(task.outcome)) return
  const matter = await tx.matter.findUnique({ where: { id: task.businessKey }, select: { id: true } })
  if (!matter) return
  const decision = {
    outcome: task.outcome ?? 'approve', taskId: task.id, decidedById: actor.id, decidedByName: actor.displayName,
    decidedAt: now, comment: task.comment,
  }
  await tx.matterGate.upsert({
    where: { matterId_gate: { matterId: matter.id, gate: task.gate } },
    create: { matterId: matter.id, gate: task.gate, ...decision },
    update: decision,
  })
}

/**
 * Validates a definition against what the app knows (forms, roles, scopes,
 * statutory gates) without a database: what deploy would say. Used by
 * `npm run zhifa -- definitions validate`.
 */
export async function validateForApp(xml: string, validator: FormValidator): Promise<ValidateResult> {
  const scopes = createScopeResolver()
  const result = await validateDefinition(xml, {
    formExists: (key) => validator.exists(key), roleExists: isRoleKey, scopeKnown: (scope) => scopes.knows(scope),
    approvalForm: 'approval', gateRules: engineGateRules(),
  })
  return result.ok ? { ok: true, key: result.model.key, problems: [], warnings: result.warnings } : { ok: false, key: null, problems: result.problems, warnings: result.warnings }
}

export function createWorkflow(deps: WorkflowDeps): WorkflowEngine {
  const { db, clock } = deps
  return createEngine({
    db,
    clock,
    forms: deps.validator,
    roles: { exists: isRoleKey },
    scopes: createScopeResolver(),
    gateRules: engineGateRules(),
    audit: async (tx, entry) => {
      const actor = entry.actor
      await appendAudit(tx, {
        actorId: actor?.id ?? null, actorName: actor?.displayName ?? 'system', departmentId: actor?.departmentId ?? null,
        organId: actor?.organId ?? null, clientIp: actor?.clientIp ?? null,
        action: entry.action, targetType: entry.targetType, targetId: entry.targetId, detail: entry.detail,
      }, clock)
    },
    hooks: {
      async taskCompleted(task, actor, tx, step) {
        // The gate first: a document issued by the gate step itself (zf:issue) is checked against it.
        await recordGate(tx, task, actor, clock.now())
        await issueStepDocument(deps, tx, task, actor, step)
        // Approved requests about records are applied by their last step, in the same transaction.
        await applyRecordRequest(tx, deps.documents, task, actor)
      },
      async taskWithdrawn(task, _actor, tx) {
        // A numbered document or an applied change is a record: it is corrected by a change request, never withdrawn.
        const issued = await tx.document.count({ where: { taskId: task.id } })
        const applied = await tx.documentRevision.count({ where: { requestId: task.businessKey ?? '', appliedAt: { gte: task.completedAt ?? new Date(0) } } })
        if (issued || (applied && task.form === 'record-operation')) {
          throw new Conflict('该环节已制发文书或已执行记录操作，不能撤回；如需更正，请提出更改申请（第七条）。')
        }
        // A gate decision or an access grant made by this completion goes with it.
        await tx.matterGate.deleteMany({ where: { taskId: task.id } })
        if (task.role === 'deputy-head' && task.businessKey) await tx.documentAccessGrant.deleteMany({ where: { matterId: task.businessKey } })
      },
      async instanceEnded(instance, tx) {
        if (!instance.businessKey) return
        // A matter is closed when its own procedure ends (not a called hearing).
        const matter = await tx.matter.findUnique({ where: { id: instance.businessKey }, select: { id: true, status: true, data: true } })
        const root = (matter?.data as { definitionKey?: string } | undefined)?.definitionKey
        if (matter && matter.status === 'open' && root === instance.definitionKey) {
          await tx.matter.update({ where: { id: matter.id }, data: { status: 'closed', closedAt: clock.now() } })
        }
      },
    },
  })
}
