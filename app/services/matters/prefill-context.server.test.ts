import { describe, expect, it } from 'vitest'
import { loadRegistry } from '../../../forms/_lib/registry.ts'
import { getPath, prefill } from '../../../forms/_lib/prefill.ts'
import { actorPrefillContext } from './prefill-context.server.ts'

describe('a step’s form prefilled from the person doing it', () => {
  const forms = loadRegistry().all().filter((f) => Object.values(f.manifest.prefill).some((source) => source.startsWith('actor.')))

  it('names the person in every field a form takes from the actor (承办人, 登记人, 审批人…), read-only ones included', () => {
    expect(forms.map((f) => f.key)).toContain('case-review-request')
    for (const form of forms) {
      const filled = prefill(form.manifest, { today: '2026-03-02', actor: actorPrefillContext({ displayName: '买买提江·吐尔洪' }) })
      const fields = Object.entries(form.manifest.prefill).filter(([, source]) => source.startsWith('actor.')).map(([field]) => field)
      for (const field of fields) expect(getPath(filled, field), `${form.key}.${field}`).toBe('买买提江·吐尔洪')
    }
  })
})
