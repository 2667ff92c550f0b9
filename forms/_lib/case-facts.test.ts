import { describe, expect, it } from 'vitest'
import { loadRegistry } from './registry.ts'
import { CASE_FACTS, factFields, resolveFacts, wordingChanges, type CaseRecord } from './case-facts.ts'

const registry = loadRegistry()
const manifestOf = (key: string) => (registry.has(key) ? registry.get(key).manifest : undefined)

function record(over: Partial<CaseRecord> & Pick<CaseRecord, 'formKey' | 'at'>): CaseRecord {
  return { type: 'document', id: `${over.formKey}-${over.at}`, title: registry.get(over.formKey).manifest.title, issued: true, draft: false, by: '买买提江', data: {}, ...over }
}

const basis = [{ law: '《中华人民共和国安全生产法》', article: '第九十九条第二项' }]

describe('the facts of a case', () => {
  it('should take 案由 and the legal basis from the filing approval, with its title, day and maker as the source', () => {
    const filing = record({ formKey: 'case-filing-approval', at: '2026-03-02T02:00:00Z', number: '（伊县）应急立〔2026〕1号', data: { caseName: '未安装报警装置案', legalBasis: basis } })
    const facts = resolveFacts([filing], manifestOf)
    expect(facts.caseName).toMatchObject({ value: '未安装报警装置案', source: { kind: 'document', field: 'caseName', label: '来自《立案审批表》（2026-03-02 买买提江）', correctable: true } })
    expect(facts.legalBasis?.value).toEqual(basis)
    // The day the filing was approved is the 立案日期; it cannot be corrected from a later form.
    expect(facts.filingDate).toMatchObject({ value: '2026-03-02', source: { correctable: false } })
  })

  it('should let the latest issued value win, and a draft under review count only before any document records the fact', () => {
    const draft = record({ type: 'step', formKey: 'case-filing-approval', at: '2026-03-02T01:00:00Z', issued: false, draft: true, data: { caseName: '草稿案由' } })
    expect(resolveFacts([draft], manifestOf).caseName).toMatchObject({ value: '草稿案由', source: { kind: 'draft', label: '来自《立案审批表》（草稿，2026-03-02 买买提江）' } })
    const filing = record({ formKey: 'case-filing-approval', at: '2026-03-02T03:00:00Z', data: { caseName: '立案案由' } })
    const notice = record({ formKey: 'penalty-notice', at: '2026-03-05T03:00:00Z', by: '何磊', data: { caseName: '告知书更正的案由' } })
    const laterDraft = record({ type: 'step', formKey: 'case-disposition-approval', at: '2026-03-09T03:00:00Z', issued: false, draft: true, data: { caseName: '呈批表草稿案由' } })
    const facts = resolveFacts([notice, laterDraft, filing, draft], manifestOf)
    expect(facts.caseName).toMatchObject({ value: '告知书更正的案由', source: { formKey: 'penalty-notice', label: '来自《行政处罚告知书》（2026-03-05 何磊）' } })
  })

  it('should name the decision by its number, and date the sending for review by the step that ended the investigation', () => {
    const decision = record({ formKey: 'penalty-decision', at: '2026-03-10T02:00:00Z', number: '（伊县）应急罚〔2026〕8号', data: { issueDate: '2026-03-10' } })
    const ended = record({ type: 'step', formKey: 'site-examination-record', stepName: '制作勘验笔录', elementId: 'siteExamination', outcome: 'done', at: '2026-03-04T08:00:00Z', issued: false, data: null })
    const more = record({ type: 'step', formKey: 'inquiry-record', stepName: '制作询问笔录', elementId: 'inquiryRecord', outcome: 'site-examination', at: '2026-03-04T03:00:00Z', issued: false, data: null })
    const facts = resolveFacts([decision, ended, more], manifestOf)
    expect(facts.decisionNumber).toMatchObject({ value: '（伊县）应急罚〔2026〕8号', source: { correctable: false } })
    expect(facts.decisionDate?.value).toBe('2026-03-10')
    expect(facts.reviewSentDate).toMatchObject({ value: '2026-03-04', source: { kind: 'step', label: '来自「制作勘验笔录」（2026-03-04 买买提江）' } })
  })

  it('should keep the matter’s party until a document records one, and leave out facts nobody recorded', () => {
    const party = { kind: '单位', name: '伊宁县金穗面粉加工厂' }
    const facts = resolveFacts([], manifestOf, { party })
    expect(facts.party).toMatchObject({ value: party, source: { kind: 'matter', correctable: false } })
    expect(facts.caseName).toBeUndefined()
  })

  it('should read the fields a form records from its manifest, so every vocabulary key is known', () => {
    expect(factFields(registry.get('case-filing-approval').manifest)).toMatchObject({ caseName: 'caseName', legalBasis: 'legalBasis', party: 'party' })
    for (const form of registry.all()) {
      for (const key of Object.values(factFields(form.manifest))) expect(CASE_FACTS.map((f) => f.key), `${form.key}`).toContain(key)
    }
  })
})

describe('a correction stated as wording (第七条)', () => {
  it('should list each text that differs, and refuse a correction that does not line up', () => {
    expect(wordingChanges('案由', '旧案由', '新案由')).toEqual([{ field: '案由', current: '旧案由', proposed: '新案由' }])
    expect(wordingChanges('法律依据', basis, [{ ...basis[0], article: '第一百零二条' }])).toEqual([{ field: '法律依据', current: '第九十九条第二项', proposed: '第一百零二条' }])
    expect(wordingChanges('法律依据', basis, [...basis, basis[0]])).toBeNull()
    expect(wordingChanges('罚款金额', 30000, 20000)).toBeNull()
  })
})
