import { PassThrough, type Transform } from 'node:stream'
import { renderToPipeableStream } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { withoutNulBytes } from './strip-nul.server.ts'

/** Streams a page with rows of Chinese text, as the entities page does, and returns its bytes. */
async function streamed(through?: Transform): Promise<Buffer> {
  const rows = Array.from({ length: 200 }, (_, i) => `为霍城县清水河建材有限公司制作文书（第${i}行）`)
  const page = <table><tbody>{rows.map((r) => <tr key={r}><td><a aria-label={r} href="#">{r} 制作文书</a></td></tr>)}</tbody></table>
  return new Promise((resolve, reject) => {
    const { pipe } = renderToPipeableStream(page, {
      onShellReady() {
        const sink = new PassThrough()
        const chunks: Buffer[] = []
        sink.on('data', (c: Buffer) => chunks.push(c))
        sink.on('end', () => resolve(Buffer.concat(chunks)))
        if (through) {
          through.pipe(sink)
          pipe(through)
        } else {
          pipe(sink)
        }
      },
      onError: reject,
    })
  })
}

describe('pages streamed with Chinese text', () => {
  it('come out of React 18 with NUL bytes where a character straddles a 2048-byte buffer (the bug worked around)', async () => {
    expect((await streamed()).includes(0)).toBe(true)
  })

  it('carry no NUL byte and every character intact once the stream goes through withoutNulBytes', async () => {
    const bytes = await streamed(withoutNulBytes())
    expect(bytes.includes(0)).toBe(false)
    const html = bytes.toString('utf8')
    expect(html).not.toContain('\ufffd')
    expect(html.match(/为霍城县清水河建材有限公司制作文书/g)).toHaveLength(400)
  })
})
