/**
 * npm run bench:documents — renders 100 documents of mixed kinds (each
 * form's valid example, round robin) with a warm converter and prints DOCX
 * and PDF p50/p95 per document and documents per second.
 * Goals on the project machine: DOCX p95 ≤ 50 ms, PDF p95 ≤ 400 ms.
 */
import { loadRegistry } from '../forms/_lib/registry.ts'
import { validExample } from '../forms/_lib/examples.ts'
import { LibreOfficeConverter } from '../app/services/documents/converter.server.ts'
import { createRenderer, type DocumentStamp } from '../app/services/documents/render.server.ts'

const COUNT = Number(process.env.BENCH_DOCUMENTS ?? 100)
const WARMUP = 5

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

function summary(label: string, ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b)
  return `${label.padEnd(5)} p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(sorted, 95).toFixed(1).padStart(6)} ms   max ${sorted[sorted.length - 1]!.toFixed(1).padStart(6)} ms`
}

const registry = loadRegistry()
const forms = registry.all().filter((f) => f.manifest.kind !== 'approval')
const stamp = (i: number): DocumentStamp => ({ number: `伊应急测〔2026〕${i + 1}号`, code: `BENC-H000-0000-${String(i).padStart(4, '0')}`, verifyUrl: `https://zhifa.example/verify/BENCH0000000${String(i).padStart(4, '0')}` })

const started = performance.now()
const converter = await LibreOfficeConverter.start()
console.log(`LibreOffice 启动 start: ${(performance.now() - started).toFixed(0)} ms, PDF ${converter.available() ? '可用 available' : '不可用 unavailable'}`)
const renderer = createRenderer(converter)

try {
  for (let i = 0; i < WARMUP; i++) {
    const f = forms[i % forms.length]!
    const docx = await renderer.renderDocx(f.template, validExample(f).payload, stamp(i))
    if (converter.available()) await renderer.renderPdf(docx)
  }
  const docxMs: number[] = []
  const pdfMs: number[] = []
  const t0 = performance.now()
  for (let i = 0; i < COUNT; i++) {
    const f = forms[i % forms.length]!
    const payload = validExample(f).payload
    let t = performance.now()
    const docx = await renderer.renderDocx(f.template, payload, stamp(i))
    docxMs.push(performance.now() - t)
    if (converter.available()) {
      t = performance.now()
      await renderer.renderPdf(docx)
      pdfMs.push(performance.now() - t)
    }
  }
  const seconds = (performance.now() - t0) / 1000
  console.log(`${COUNT} 份文书 documents, ${forms.length} 种 kinds`)
  console.log(summary('DOCX', docxMs))
  if (pdfMs.length) console.log(summary('PDF', pdfMs))
  const docxSeconds = docxMs.reduce((a, b) => a + b, 0) / 1000
  console.log(`吞吐 throughput: ${(COUNT / seconds).toFixed(1)} documents/s (DOCX${pdfMs.length ? ' + PDF' : ''}, one converter); DOCX alone ${(COUNT / docxSeconds).toFixed(0)} documents/s`)
  const docxP95 = percentile([...docxMs].sort((a, b) => a - b), 95)
  const pdfP95 = pdfMs.length ? percentile([...pdfMs].sort((a, b) => a - b), 95) : 0
  console.log(`目标 goals: DOCX p95 ≤ 50 ms ${docxP95 <= 50 ? '✓' : '✗'}   PDF p95 ≤ 400 ms ${pdfMs.length ? (pdfP95 <= 400 ? '✓' : '✗') : '(n/a)'}`)
} finally {
  await converter.close()
}
