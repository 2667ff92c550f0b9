/**
 * What changed in a draft between two submissions, field by field, with the
 * form's own Chinese labels: what an approver reads after sending a draft
 * back (issue 9). Pure, so the page and its test agree.
 */
export interface FieldChange {
  /** JSON path, e.g. "findings.0.fact". */
  path: string
  /** The schema's titles along the path, e.g. "违法事实 › 第 1 项 › 事实". */
  label: string
  before: string | null
  after: string | null
}

interface SchemaNode { title?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode }

function leaves(value: unknown, prefix: string, out: Map<string, string>) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => leaves(v, prefix ? `${prefix}.${i}` : String(i), out))
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, out)
  } else if (value !== undefined && value !== null && value !== '') {
    out.set(prefix, typeof value === 'boolean' ? (value ? '是' : '否') : String(value))
  }
}

function labelOf(schema: SchemaNode | undefined, path: string): string {
  const parts: string[] = []
  let node = schema
  for (const key of path.split('.')) {
    if (/^\d+$/.test(key)) {
      parts.push(`第 ${Number(key) + 1} 项`)
      node = node?.items
    } else {
      node = node?.properties?.[key]
      parts.push(node?.title ?? key)
    }
  }
  return parts.join(' › ')
}

/**
 * @example
 * fieldChanges({ properties: { place: { title: '地点' } } }, { place: '一号库' }, { place: '二号库' })
 * // → [{ path: 'place', label: '地点', before: '一号库', after: '二号库' }]
 */
export function fieldChanges(schema: unknown, before: unknown, after: unknown): FieldChange[] {
  const a = new Map<string, string>()
  const b = new Map<string, string>()
  leaves(before, '', a)
  leaves(after, '', b)
  const paths = [...new Set([...a.keys(), ...b.keys()])]
  return paths
    .filter((p) => a.get(p) !== b.get(p))
    .map((p) => ({ path: p, label: labelOf(schema as SchemaNode, p), before: a.get(p) ?? null, after: b.get(p) ?? null }))
}
