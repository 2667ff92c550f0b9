/**
 * QR code as a 1-bit greyscale PNG, written directly: the qrcode package
 * lays out the modules, and we encode them ourselves because its own PNG
 * path (RGBA through pngjs) costs ~5–25 ms per code, most of a DOCX render.
 */
import zlib from 'node:zlib'
import QRCode from 'qrcode'

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0)
  return Buffer.concat([head, data, crc])
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/**
 * @param scale pixels per module (8 → ~330 px for a typical verification URL, sharp when printed at 24 mm)
 * @param margin quiet zone in modules
 */
export function qrPng(text: string, { scale = 8, margin = 2 }: { scale?: number; margin?: number } = {}): Buffer {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const n = qr.modules.size
  const side = (n + 2 * margin) * scale
  const rowBytes = Math.ceil(side / 8)
  const raw = Buffer.alloc((rowBytes + 1) * side, 0)
  for (let y = 0; y < side; y++) {
    const row = y * (rowBytes + 1)
    raw[row] = 0 // filter: none
    const my = Math.floor(y / scale) - margin
    for (let x = 0; x < side; x++) {
      const mx = Math.floor(x / scale) - margin
      const dark = my >= 0 && my < n && mx >= 0 && mx < n && qr.modules.get(my, mx)
      // 1-bit greyscale: 1 is white.
      if (!dark) raw[row + 1 + (x >> 3)]! |= 0x80 >> (x & 7)
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(side, 0)
  ihdr.writeUInt32BE(side, 4)
  ihdr[8] = 1 // bit depth
  ihdr[9] = 0 // greyscale
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}
