/**
 * React 18's streaming renderer (renderToPipeableStream) encodes HTML into
 * 2048-byte buffers and, when a multi-byte character (most Chinese text) would
 * straddle the end of one, flushes the whole buffer anyway: the unwritten
 * tail goes out as NUL bytes (facebook/react#24985, fixed only in React 19 by
 * #26228). Browsers turn a NUL inside an attribute into U+FFFD, so an
 * aria-label such as 为霍城县清水河建材有限公司制作文书 came out garbled.
 *
 * A NUL byte never belongs in an HTML page and, in UTF-8, never occurs inside
 * a multi-byte character, so dropping every NUL byte of the stream is exact.
 */
import { Transform } from 'node:stream'

export function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!chunk.includes(0)) return callback(null, chunk)
      callback(null, Buffer.from(chunk.filter((byte) => byte !== 0)))
    },
  })
}
