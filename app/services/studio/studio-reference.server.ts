/** The studio's reference (studio-reference.ts) from the catalog in force. */
import type { Db } from '../../../prisma/client.ts'
import type { Catalog } from '../catalog/catalog.server.ts'
import { roles } from '../../reference/roles.ts'
import { outcomeTitles } from '../../reference/outcomes.ts'
import { scopeTitles } from '../workflow/scopes.server.ts'
import { engineGateRules } from '../workflow/gates.server.ts'
import { shippedDefinitionKeys } from '../workflow/workflow.server.ts'
import type { StudioReference } from './studio-reference.ts'

export async function studioReference(db: Db, catalog: Catalog): Promise<StudioReference> {
  const forms = catalog.forms.all().map((f) => [f.key, f.manifest.title] as [string, string])
  const titles = new Map(forms)
  const stored = await db.processDefinition.findMany({ distinct: ['key'], select: { key: true } })
  return {
    forms,
    roles: roles.map((r) => [r.key, r.title]),
    scopes: Object.entries(scopeTitles),
    outcomes: Object.entries(outcomeTitles()),
    approvalForm: 'approval',
    gateRules: engineGateRules(undefined, (key) => titles.get(key)),
    definitions: [...new Set([...stored.map((d) => d.key), ...shippedDefinitionKeys()])].sort(),
  }
}
