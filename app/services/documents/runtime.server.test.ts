import { afterAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../../../tests/support/databases.ts'
import { createDepartment, officerOf } from '../../../tests/support/documents.ts'
import { validExample } from '../../../forms/_lib/examples.ts'
import { clientFormDefinition } from '../../../forms/_lib/index.ts'
import { documentRuntime } from './runtime.server.ts'

// This file runs the runtime without LibreOffice, as on a machine that lacks it.
process.env.ZHIFA_PDF = 'off'

afterAll(async () => {
  await (await documentRuntime()).close()
})

describeEachDatabase('the documents runtime of a server without LibreOffice', (ctx) => {
  it('is started once and shared', async () => {
    expect(await documentRuntime()).toBe(await documentRuntime())
  })

  it('issues DOCX documents and says PDF is unavailable', async () => {
    const runtime = await documentRuntime()
    const dept = await createDepartment(ctx.db, 'ili', '伊犁哈萨克自治州应急管理局', '伊')
    const service = runtime.service(ctx.db, { baseUrl: 'https://zhifa.example' })
    expect(service.pdfAvailable()).toBe(false)
    const form = runtime.registry.get('service-receipt')
    const doc = await service.issue(officerOf(dept), { formKey: 'service-receipt', data: validExample(form).payload, departmentId: dept.id })
    expect(doc.number).toMatch(/^（伊）应急送〔\d{4}〕1号$/)
    expect(doc).toMatchObject({ pdfSm3: null, verifyUrl: `https://zhifa.example/verify/${doc.verificationCode}` })
  })

  it('hands the browser the same bundled schema the server validates, with its version', async () => {
    const runtime = await documentRuntime()
    const def = clientFormDefinition(runtime.registry, 'rectification-order')
    expect(def).toMatchObject({ title: '责令限期整改指令书', kind: 'decision', version: runtime.registry.get('rectification-order').contentHash })
    expect(JSON.stringify(def.schema)).not.toContain('_common/')
  })
})
