/**
 * One uploaded file from a multipart form, held in memory up to a limit. The
 * request must declare its length (browsers always do), so an oversized
 * upload is refused before any of it is read.
 */
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node'

export class UploadRefused extends Error {
  readonly type = 'UploadRefused'
  constructor(readonly status: 400 | 411 | 413, message: string) {
    super(message)
  }
}

/** Room for the multipart boundaries and the other fields of the form. */
const ENVELOPE_BYTES = 64 * 1024

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`
}

export async function readUploadedFile(request: Request, field: string, maxBytes: number): Promise<Buffer> {
  const limitText = `文件不能超过 ${size(maxBytes)}`
  const declared = Number(request.headers.get('content-length'))
  if (!request.headers.get('content-length') || !Number.isFinite(declared)) throw new UploadRefused(411, '请求缺少长度信息，请用页面上的表单上传文件。')
  if (declared > maxBytes + ENVELOPE_BYTES) throw new UploadRefused(413, limitText)
  if (!(request.headers.get('content-type') ?? '').includes('multipart/form-data')) throw new UploadRefused(400, '请选择要核验的文件。')
  let form: FormData
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({
      maxPartSize: maxBytes,
      filter: ({ name }) => name === field,
    }))
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw new UploadRefused(413, limitText)
    throw new UploadRefused(400, '无法读取上传的文件，请重新选择后再试。')
  }
  const file = form.get(field)
  if (!file || typeof file === 'string' || file.size === 0) throw new UploadRefused(400, '请选择要核验的文件。')
  return Buffer.from(await file.arrayBuffer())
}
