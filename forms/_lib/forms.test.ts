import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FORMS_DIR, loadRegistry } from './registry.ts'
import { createFormValidator } from './validator.ts'
import { loadExamples, validExample } from './examples.ts'
import { buildAll } from './build-templates.ts'
import { isValidCreditCode, isValidIdNumber } from './checksums.ts'
import { prefill, shanghaiDate } from './prefill.ts'

// shared/brief/glossary.md: the 25 statutory documents, the plan documents and the shared approval form.
const STATUTORY = [
  'onsite-inspection-plan', 'onsite-inspection-record', 'rectification-order', 'onsite-measures-decision',
  'rectification-review-opinion', 'case-filing-approval', 'inquiry-notice', 'inquiry-record',
  'site-examination-record', 'sampling-evidence-voucher', 'penalty-notice', 'penalty-hearing-notice',
  'statement-defense-record', 'legal-review-opinion', 'committee-minutes', 'coercion-approval',
  'coercion-decision', 'case-disposition-approval', 'onsite-penalty-decision', 'penalty-decision',
  'hearing-notice', 'hearing-record', 'hearing-report', 'service-receipt', 'case-closing-approval',
]
const PLANS = ['annual-plan', 'inspection-scheme', 'temporary-plan', 'inspection-summary']
// What procedure steps record without issuing a document: the Art. 7 requests and their execution, the random draw (Art. 8),
// publication (Art. 8, 14), submission for case review (Art. 11, 12), the party's statement and hearing request, the fine payment.
const RECORDS = [
  'access-request', 'change-request', 'deletion-request', 'record-operation', 'random-draw', 'publication-record',
  'case-review-request', 'hearing-request', 'statement-registration', 'fine-payment',
]
// Documents added for periods of 行政处罚法 and 行政强制法 (issue 8): the request to extend a case's 90 days (Art. 60), the 查封扣押 inventory (Art. 24) and the decision extending a seizure (Art. 25).
const PERIODS = ['case-extension-request', 'seizure-inventory', 'seizure-extension-decision']
const DECISIONS = ['rectification-order', 'onsite-measures-decision', 'coercion-decision', 'onsite-penalty-decision', 'penalty-decision']

const registry = loadRegistry()
const validator = createFormValidator(registry)
const CJK = /[\u4e00-\u9fff]/

type Payload = Record<string, unknown> & { party: Record<string, unknown> }

describe('the set of forms', () => {
  it('has a form for each of the 25 statutory documents, the plan documents, the approval form and the step records', () => {
    expect(registry.keys().sort()).toEqual([...STATUTORY, ...PLANS, ...RECORDS, ...PERIODS, 'approval'].sort())
  })

  it('gives every decision the appeal notice (reconsideration within 60 days, lawsuit within 6 months)', () => {
    for (const key of DECISIONS) {
      const form = registry.get(key)
      expect(form.manifest.kind, key).toBe('decision')
      expect(form.schema.required, key).toContain('appeal')
      // The remedies sentence of its kind: 本决定, 本指令 (责令限期整改指令书), the penalty decision's, or reconsideration first (当场处罚).
      expect(fs.readFileSync(path.join(form.dir, 'layout.json'), 'utf8'), key).toMatch(/"block": "appeal(Order|Penalty|OnsitePenalty)?"/)
    }
    const blocks = fs.readFileSync(path.join(FORMS_DIR, '_common', 'blocks.json'), 'utf8')
    expect(blocks).toContain('六十日内')
    expect(blocks).toContain('六个月内')
  })

  it('requires at least two officers with certificate numbers wherever officers appear', () => {
    const withOfficers = registry.all().filter((f) => 'officers' in (f.schema.properties as object))
    expect(withOfficers.length).toBeGreaterThanOrEqual(27)
    for (const form of withOfficers) {
      const r = validator.validate(form.key, { ...validExample(form).payload, officers: [{ name: '李明', certificateNo: '65000012' }] })
      expect(r.ok, form.key).toBe(false)
      if (!r.ok) expect(r.errors.map((e) => e.path), form.key).toContain('/officers')
    }
  })

  it('numbers every issuable document and never the approval form or a step record', () => {
    for (const form of registry.all()) {
      if (form.key === 'approval') expect(form.manifest).toMatchObject({ kind: 'approval', numbered: false })
      else if (RECORDS.includes(form.key)) expect(form.manifest, form.key).toMatchObject({ kind: 'record', numbered: false })
      else expect(form.manifest.sequence, form.key).toBeTruthy()
    }
    const sequences = registry.all().map((f) => f.manifest.sequence).filter(Boolean)
    expect(new Set(sequences).size).toBe(sequences.length)
  })

  it('keeps every template exactly as its layout generates it', () => {
    expect(buildAll(FORMS_DIR, { write: false })).toEqual([])
  })

  it('bundles shared parts so no schema refers outside itself', () => {
    for (const form of registry.all()) {
      const refs = JSON.stringify(form.bundledSchema).match(/"\$ref":"[^"]*"/g) ?? []
      for (const ref of refs) expect(ref, form.key).toMatch(/"\$ref":"#\/definitions\//)
    }
  })
})

describe.each(registry.keys())('examples of %s', (key) => {
  const form = registry.get(key)
  const examples = loadExamples(form)

  it('include valid.json (and variants named valid-<case>.json) and at least two invalid ones, each saying what is wrong', () => {
    expect(examples.filter((e) => e.file === 'valid.json')).toHaveLength(1)
    for (const ex of examples.filter((e) => e.valid)) expect(ex.file).toMatch(/^valid(-[a-z0-9-]+)?\.json$/)
    const invalid = examples.filter((e) => !e.valid)
    expect(invalid.length).toBeGreaterThanOrEqual(2)
    for (const ex of invalid) {
      expect(ex.description, ex.file).toMatch(CJK)
      expect(ex.expectedErrors.length, ex.file).toBeGreaterThan(0)
    }
  })

  it.each(examples.filter((e) => e.valid).map((e) => [e.file, e] as const))('accepts %s', (_file, ex) => {
    expect(validator.validate(key, ex.payload)).toMatchObject({ ok: true, formKey: key, formVersion: form.contentHash })
  })

  it.each(examples.filter((e) => !e.valid).map((e) => [e.file, e] as const))('refuses %s with Chinese field errors', (_file, ex) => {
    const r = validator.validate(key, ex.payload)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map((e) => e.path)).toEqual(expect.arrayContaining(ex.expectedErrors))
    for (const e of r.errors) expect(e.message).toMatch(CJK)
  })
})

describe('field error messages', () => {
  const base = validExample(registry.get('rectification-order')).payload as Payload

  it('explain a wrong 统一社会信用代码 in words, not as a regular expression', () => {
    const r = validator.validate('rectification-order', { ...base, party: { ...base.party, creditCode: '91654002MA78K3QX5A' } })
    expect(r).toEqual({ ok: false, errors: [{ path: '/party/creditCode', message: expect.stringContaining('统一社会信用代码应为18位') }] })
  })

  it('name the missing field by its Chinese title', () => {
    const { issueDate: _d, ...rest } = base
    const r = validator.validate('rectification-order', rest)
    expect(r).toEqual({ ok: false, errors: [{ path: '/issueDate', message: '请填写「文书日期」' }] })
  })

  it('require a unit party to give its credit code and a person to give an ID number', () => {
    const r = validator.validate('rectification-order', { ...base, party: { kind: '个人', name: '张三丰', address: '伊宁市解放路1号' } })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors).toContainEqual({ path: '/party/idNumber', message: '请填写「公民身份号码」' })
  })

  it('report every error at once rather than the first only', () => {
    const r = validator.validate('rectification-order', { ...base, officers: [], issueDate: 'x', deadline: 'y' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors.map((e) => e.path).sort()).toEqual(['/deadline', '/issueDate', '/officers'])
  })

  it('say that an unknown form does not exist instead of throwing', () => {
    expect(validator.exists('no-such-form')).toBe(false)
    expect(validator.validate('no-such-form', {})).toEqual({ ok: false, errors: [{ path: '', message: '未知的表单「no-such-form」' }] })
  })

  it('cap a summary-procedure fine at 200 yuan when the party is a person', () => {
    const ex = validExample(registry.get('onsite-penalty-decision')).payload
    const person = { kind: '个人', name: '张三丰', idNumber: '650102199007081238', address: '伊宁市解放路1号' }
    expect(validator.validate('onsite-penalty-decision', { ...ex, party: person, fineAmount: 200 }).ok).toBe(true)
    const r = validator.validate('onsite-penalty-decision', { ...ex, party: person, fineAmount: 201 })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors).toEqual([{ path: '/fineAmount', message: expect.stringContaining('当场处罚的罚款不得超过') }])
  })
})

describe('check characters', () => {
  it('accept a 统一社会信用代码 whose GB 32100 check character fits and refuse one that does not', () => {
    expect(isValidCreditCode('91654002MA78K3QX5G')).toBe(true)
    expect(isValidCreditCode('91654002MA78K3QX5H')).toBe(false)
    expect(isValidCreditCode('91654002MA78K3QX5')).toBe(false)
    expect(isValidCreditCode('916540002286012340')).toBe(true)
  })

  it('accept a 公民身份号码 with a real birth date and its GB 11643 check character', () => {
    expect(isValidIdNumber('654002198003152012')).toBe(true)
    expect(isValidIdNumber('654002198003152013')).toBe(false)
    expect(isValidIdNumber('654002198002302017')).toBe(false)
  })
})

describe('form versions', () => {
  function copyForms(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhifa-forms-'))
    fs.cpSync(FORMS_DIR, dir, { recursive: true, filter: (src) => !src.endsWith('.test.ts') })
    return dir
  }

  it('change for every form that uses a shared part when that part changes, and only for those', () => {
    const dir = copyForms()
    try {
      const partyFile = path.join(dir, '_common', 'party.json')
      const party = JSON.parse(fs.readFileSync(partyFile, 'utf8'))
      party.properties.name.maxLength = 120
      fs.writeFileSync(partyFile, JSON.stringify(party))
      const changed = loadRegistry(dir)
      expect(changed.get('penalty-decision').contentHash).not.toBe(registry.get('penalty-decision').contentHash)
      expect(changed.get('annual-plan').contentHash).toBe(registry.get('annual-plan').contentHash)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('do not change when a file is only reformatted', () => {
    const dir = copyForms()
    try {
      const file = path.join(dir, 'penalty-decision', 'ui.json')
      fs.writeFileSync(file, JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8'))))
      expect(loadRegistry(dir).get('penalty-decision').contentHash).toBe(registry.get('penalty-decision').contentHash)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('prefill', () => {
  it('fills party, officers, department and date from the case as the manifest declares', () => {
    const party = { kind: '单位', name: '伊宁市恒安化工有限公司' }
    const officers = [{ name: '李明', certificateNo: '65000012' }, { name: '王芳', certificateNo: '65000013' }]
    const data = prefill(registry.get('rectification-order').manifest, {
      today: shanghaiDate(new Date('2026-03-01T17:00:00Z')),
      department: { name: '伊犁哈萨克自治州应急管理局' },
      case: { party, officers },
    })
    expect(data).toEqual({ issuingDepartment: '伊犁哈萨克自治州应急管理局', party, officers, issueDate: '2026-03-02' })
    expect(data.party).not.toBe(party)
  })

  it('leaves out fields whose source the context lacks', () => {
    expect(prefill(registry.get('approval').manifest, { today: '2026-03-02' })).toEqual({ date: '2026-03-02' })
  })
})
