/** What the "new matter" page offers this actor: kinds, parties, fellow officers, own documents. */
import type { Db } from '../../../prisma/client.ts'
import type { Clock } from '../../../engine/clock.ts'
import type { Actor } from '../../../engine/actor.ts'
import { accessibleWhere, opensKind, type AppAbility } from '../permissions.server.ts'
import { matterKinds } from '../../reference/matters.ts'
import { documentReference } from '../documents/document-reference.ts'

export async function openMatterOptions(db: Db, clock: Clock, actor: Actor, ability: AppAbility) {
  const now = clock.now()
  const kinds = matterKinds
    .filter((k) => opensKind(ability, actor, k.key))
    .map((k) => ({ key: k.key, title: k.title, hasParty: k.hasParty, variants: k.variants?.map((v) => ({ key: v.key, title: v.title })) ?? [] }))
  const [parties, officers, documents, colleagueDocuments] = await Promise.all([
    db.regulatedEntity.findMany({ where: accessibleWhere(ability, 'read', 'RegulatedEntity'), orderBy: { name: 'asc' }, take: 500, select: { id: true, name: true, creditCode: true } }),
    db.user.findMany({
      where: {
        status: 'active', certificateExpiresAt: { gt: now },
        roles: { some: { role: { in: ['officer', 'supervisor'] }, department: { organId: actor.organId } } },
      },
      orderBy: { displayName: 'asc' },
      select: { id: true, displayName: true, certificateNo: true },
    }),
    // What the applicant may name (第七条): documents they made (supervisors: also those of the departments they oversee) …
    db.document.findMany({
      where: { deletedAt: null, OR: [{ madeById: actor.id }, ...actor.roles.filter((g) => g.role === 'supervisor').map((g) => ({ departmentPath: { startsWith: g.organPath } }))] },
      orderBy: { issuedAt: 'desc' }, take: 500, select: { id: true, number: true, verificationCode: true, madeByName: true, formVersion: { select: { title: true } } },
    }),
    // … and, to ask to read, a colleague's document of their own organ.
    db.document.findMany({ where: { departmentId: actor.organId, madeById: { not: actor.id }, deletedAt: null }, orderBy: { issuedAt: 'desc' }, take: 500, select: { id: true, number: true, verificationCode: true, madeByName: true, formVersion: { select: { title: true } } } }),
  ])
  return {
    kinds,
    parties: parties.map((p) => ({ value: p.id, label: `${p.name}（${p.creditCode}）` })),
    officers: officers.filter((o) => o.id !== actor.id).map((o) => ({ value: o.id, label: `${o.displayName}（${o.certificateNo}）` })),
    documents: documents.map((d) => ({ value: d.id, label: `${documentReference({ ...d, title: d.formVersion.title })} ${d.formVersion.title}（${d.madeByName ?? ''}）` })),
    colleagueDocuments: colleagueDocuments.map((d) => ({ value: d.id, label: `${documentReference({ ...d, title: d.formVersion.title })} ${d.formVersion.title}（${d.madeByName ?? ''}）` })),
  }
}
