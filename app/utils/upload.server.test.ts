import { describe, expect, it } from 'vitest'
import { readUploadedFile, UploadRefused } from './upload.server.ts'

function upload(bytes: Buffer, headers: Record<string, string> = {}) {
  const form = new FormData()
  form.set('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'copy.pdf')
  const request = new Request('http://localhost/verify/X', { method: 'POST', body: form })
  return new Request(request, { headers: { 'content-type': request.headers.get('content-type')!, 'content-length': String(bytes.length + 300), ...headers } })
}

describe('uploaded copies to verify', () => {
  it('come back byte for byte', async () => {
    const bytes = Buffer.from('%PDF-1.7\n\u0000\u00ff binary')
    expect(await readUploadedFile(upload(bytes), 'file', 1024)).toEqual(bytes)
  })

  it('are refused before reading when the request says it is too large, or does not say', async () => {
    await expect(readUploadedFile(upload(Buffer.alloc(10), { 'content-length': String(10 * 1024 * 1024) }), 'file', 1024)).rejects.toMatchObject({ status: 413 })
    const noLength = new Request('http://localhost/verify/X', { method: 'POST', body: 'x', headers: { 'content-type': 'multipart/form-data; boundary=x' } })
    await expect(readUploadedFile(noLength, 'file', 1024)).rejects.toMatchObject({ status: 411 })
  })

  it('are refused when the file itself is larger than allowed, whatever the request claimed', async () => {
    const refused = await readUploadedFile(upload(Buffer.alloc(4096), { 'content-length': '2000' }), 'file', 1024).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(UploadRefused)
    expect(refused).toMatchObject({ status: 413, message: '文件不能超过 1 KB' })
  })

  it('must contain a file', async () => {
    const form = new FormData()
    form.set('other', 'x')
    const request = new Request('http://localhost/verify/X', { method: 'POST', body: form })
    const sized = new Request(request, { headers: { 'content-type': request.headers.get('content-type')!, 'content-length': '200' } })
    await expect(readUploadedFile(sized, 'file', 1024)).rejects.toMatchObject({ status: 400, message: '请选择要核验的文件。' })
  })
})
