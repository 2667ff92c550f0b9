/**
 * npm run bench:definitions — validates every fixture (engine/test/fixtures,
 * the shipped definitions) and the generated hostile inputs of
 * engine/test/safety.test.ts, and prints the slowest validation and the peak
 * memory (heap used and RSS, sampled after each validation). Issue 10 asks
 * for ≤ 5 s and ≤ 300 MB on any input.
 */
import fs from 'node:fs'
import path from 'node:path'
import { validateDefinition } from '../engine/definition/validate-definition.ts'

const root = path.resolve(import.meta.dirname, '..')
function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.(bpmn|xml)$/.test(e.name) ? [path.join(dir, e.name)] : []))
}
const NS = 'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
const wrap = (body: string) => `<definitions ${NS} id="d" targetNamespace="x"><process id="hostile" isExecutable="true">${body}</process></definitions>`
const nested = (depth: number) => { let inner = '<startEvent id="s0"/>'; for (let i = depth; i >= 1; i -= 1) inner = `<subProcess id="sp${i}">${inner}</subProcess>`; return wrap(inner) }
const chain = (n: number) => { let body = '<startEvent id="start"/><sequenceFlow id="f0" sourceRef="start" targetRef="t1"/>'; for (let i = 1; i <= n; i += 1) body += `<task id="t${i}" name="t${i}"/><sequenceFlow id="f${i}" sourceRef="t${i}" targetRef="${i < n ? `t${i + 1}` : 'end'}"/>`; return wrap(`${body}<endEvent id="end"/>`) }
const condition = (body: string) => wrap(`<startEvent id="start"/><sequenceFlow id="f" sourceRef="start" targetRef="end"><conditionExpression xsi:type="tFormalExpression">= ${body}</conditionExpression></sequenceFlow><endEvent id="end"/>`)

const inputs: Array<[string, string]> = [
  ...files(path.join(root, 'engine/test/fixtures')).map((f) => [path.relative(root, f), fs.readFileSync(f, 'utf8')] as [string, string]),
  ...files(path.join(root, 'definitions')).map((f) => [path.relative(root, f), fs.readFileSync(f, 'utf8')] as [string, string]),
  ['generated: sub-processes 3,000 deep', nested(3_000)],
  ['generated: sub-processes 1,000 deep', nested(1_000)],
  ['generated: 100,000 nested extension elements', wrap(`<startEvent id="s"><extensionElements>${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}</extensionElements></startEvent>`)],
  ['generated: 2 MB condition', condition('('.repeat(2_000_000))],
  ['generated: 72 KB condition', condition('x = 1 and '.repeat(7_200) + 'true')],
  ['generated: 40,000 tasks (20 MB)', chain(40_000)],
  ['generated: 998 tasks (largest allowed)', chain(998)],
]
const catalogs = { formExists: () => true, roleExists: () => true, scopeKnown: () => true, approvalForm: 'approval', definitionExists: () => true }

let slowest: [string, number] = ['', 0]
let peakHeap = 0
let peakRss = 0
for (const [name, xml] of inputs) {
  const started = performance.now()
  await validateDefinition(xml, catalogs)
  const ms = performance.now() - started
  const memory = process.memoryUsage()
  if (ms > slowest[1]) slowest = [name, ms]
  peakHeap = Math.max(peakHeap, memory.heapUsed)
  peakRss = Math.max(peakRss, memory.rss)
}
console.log(`${inputs.length} inputs validated`)
console.log(`slowest: ${slowest[1].toFixed(0)} ms (${slowest[0]})`)
console.log(`peak memory: heap used ${(peakHeap / 2 ** 20).toFixed(0)} MB, RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`)
