/**
 * The engine as the application uses it: wired to the database, the clock,
 * the forms registry, the department tree (scopes), the operation log, the
 * statutory gates of definitions/gates.json (checked at deploy), and the
 * hooks that make a completed step's document and record its gate decision
 * in the same transaction.
 */
import { formsOfMatter } from '../catalog/matter-forms.server.ts'
import fs from 'node:fs'
import path from 'node:path'
import type { Db, Tx } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { Actor } from '../../../engine/actor.ts'
import { createEngine, validateDefinition, type ActiveVersion, type TaskView, type ValidateResult, type WorkflowEngine } from '../../../engine/index.ts'
import type { FormRegistry } from '../../../forms/_lib/registry.ts'
import type { FormValidator } from '../../../forms/_lib/validator.ts'
import { appendAudit } from '../audit.server.ts'
import { isRoleKey, roles } from '../../reference/roles.ts'
import type { DocumentService } from '../documents/documents.server.ts'
import { createScopeResolver, scopeTitles } from './scopes.server.ts'
import { Conflict } from '../errors.ts'
import { applyRecordRequest, requiredApprovals } from '../matters/record-requests.server.ts'
import { activeRoles } from '../permissions/rule-store.server.ts'
import { onCaseExtensionStep } from '../matters/case-extension.server.ts'
import { onSeizureStep } from '../matters/seizure-period.server.ts'
import { engineGateRules, passesGate } from './gates.server.ts'
import { issueStepDocument } from './step-documents.server.ts'
import { actorsOf } from './deadlines.server.ts'
import { notifyOnce } from '../notifications.server.ts'
import { assertCollectiveDecision } from './committee.server.ts'
import { taskAuthorizer } from './task-access.server.ts'

export { issuesDocument } from './step-documents.server.ts'

export interface WorkflowDeps {
  db: Db
  clock: Clock
  registry: FormRegistry
  validator: FormValidator
  /** Issues the documents steps make; resolved lazily so LibreOffice can start after the server. */
  documents: () => Promise<DocumentService>
  /** The version of a definition new instances start (the catalog's active one); absent: the newest. */
  activeVersion?: ActiveVersion
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
export async function validateForApp(xml: string, validator: FormValidator, registry?: FormRegistry, calls?: CallTargets): Promise<ValidateResult> {
  const scopes = createScopeResolver()
  const shipped = shippedCallTargets()
  const result = await validateDefinition(xml, {
    formExists: (key) => validator.exists(key), roleExists: isRoleKey, scopeKnown: (scope) => scopes.knows(scope),
    approvalForm: 'approval', gateRules: engineGateRules(undefined, registry && documentTitle(registry)), known: knownKeys(registry),
    // Without a database: a call may name any definition shipped in definitions/ (or the catalog's, when given),
    // and the gate check follows calls into the definition they name.
    definitionExists: calls?.exists ?? shipped.exists,
    definitionXml: calls?.xml ?? shipped.xml,
  })
  return result.ok ? { ok: true, key: result.model.key, name: result.model.name, problems: [], warnings: result.warnings } : { ok: false, key: null, problems: result.problems, warnings: result.warnings }
}

/** Which definitions a call activity may name, and their XML for the gate check. */
export interface CallTargets {
  exists(key: string): boolean | Promise<boolean>
  xml(key: string): string | null | Promise<string | null>
}

/** The definitions shipped in definitions/. */
export function shippedCallTargets(root = process.cwd()): CallTargets {
  const file = (key: string) => path.join(root, 'definitions', key, 'process.bpmn')
  const known = (key: string) => /^[a-z][a-z0-9-]*$/.test(key) && fs.existsSync(file(key))
  return { exists: known, xml: (key) => (known(key) ? fs.readFileSync(file(key), 'utf8') : null) }
}

/** Keys of the definitions shipped in definitions/. */
export function shippedDefinitionKeys(root = process.cwd()): string[] {
  const dir = path.join(root, 'definitions')
  return fs.readdirSync(dir).filter((key) => /^[a-z][a-z0-9-]*$/.test(key) && fs.existsSync(path.join(dir, key, 'process.bpmn'))).sort()
}

function documentTitle(registry: FormRegistry) {
  return (key: string) => (registry.has(key) ? registry.get(key).manifest.title : undefined)
}

/** Forms, roles and scopes with their Chinese names, for deploy messages that list what may be written. */
function knownKeys(registry?: FormRegistry) {
  return {
    forms: () => (registry ? registry.all().map((f) => [f.key, f.manifest.title] as [string, string]) : []),
    roles: () => roles.map((r) => [r.key, r.title] as [string, string]),
    scopes: () => Object.entries(scopeTitles),
  }
}

export function createWorkflow(deps: WorkflowDeps): WorkflowEngine {
  const { db, clock } = deps
  const engine: WorkflowEngine = createEngine({
    db,
    clock,
    // A step's form is validated as its matter was opened with (docs/decisions/025).
    forms: {
      exists: (key) => deps.validator.exists(key),
      validate: async (key, payload, context) => deps.validator.over(await formsOfMatter(context?.tx ?? db, deps.registry, context?.businessKey)).validate(key, payload),
    },
    roles: { exists: isRoleKey },
    scopes: createScopeResolver(),
    gateRules: engineGateRules(undefined, documentTitle(deps.registry)),
    known: knownKeys(deps.registry),
    activeVersion: deps.activeVersion,
    // Officers' steps of a matter belong to its named officers (issue 9).
    authorize: taskAuthorizer(db),
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
        // A case committee's decision is collective: quorum, majority and every attendee's confirmation (docs/decisions/021).
        await assertCollectiveDecision(tx, task)
        // The gate first: a document issued by the gate step itself (zf:issue) is checked against it.
        await recordGate(tx, task, actor, clock.now())
        await issueStepDocument(deps, tx, task, actor, step)
        // Approved requests about records are applied by their last step, in the same transaction.
        await applyRecordRequest(tx, await activeRoles(tx, db), deps.documents, task, actor)
        // An approved 延长办案期限 moves the case's deadline in this same transaction (行政处罚法第六十条).
        await onCaseExtensionStep(engine, tx, task, actor)
        // 查封、扣押: the decision starts the 30 days, an approved extension moves them (行政强制法第二十五条).
        await onSeizureStep(engine, tx, task, actor)
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
        // The approver the rules name for access requests (`approve` RecordRequest) withdrew: the access it gave goes too.
        if (task.businessKey && requiredApprovals(await activeRoles(tx, db), 'access-request').includes(task.role)) {
          await tx.documentAccessGrant.deleteMany({ where: { matterId: task.businessKey } })
        }
      },
      async dueDateMoved(task, change, tx) {
        // The ones who must act are told, as for an overdue step: the assignee, or the pool while nobody took it (ADR 018).
        const matter = task.businessKey ? await tx.matter.findUnique({ where: { id: task.businessKey }, select: { number: true, title: true } }) : null
        const about = matter ? `${matter.title}（${matter.number}）` : task.name
        for (const userId of await actorsOf(tx, task)) {
          await notifyOnce(tx, {
            userId, kind: 'task-due-moved', now: clock.now(), link: `/tasks/${task.id}`, dedupeKey: `due-moved:${task.id}:${change.from}:${change.to}:${userId}`,
            title: `「${task.name}」的期限已调整为 ${change.to}`,
            body: `工作日历变更：${about}的「${task.name}」办理期限由 ${change.from} 调整为 ${change.to}${task.dueProvisional ? '（暂定）' : ''}。`,
          })
        }
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
  return engine
}
