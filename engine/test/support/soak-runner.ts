/**
 * Child process of soak.test.ts: validates seeded random mutations of the
 * shipped definitions and prints one line per validation,
 * `<index> <ms> <heapUsedMB> <rssMB> <ok|refused>`. Any exception out of
 * validateDefinition is a crash: printed and exit 1. Run with a heap limit
 * (--max-old-space-size) so running out of memory kills it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { validateDefinition } from '../../definition/validate-definition.ts'

const [seedArg, countArg] = process.argv.slice(2)
let state = Number(seedArg ?? 1) >>> 0
/** mulberry32: small, seeded, reproducible. */
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
const int = (n: number) => Math.floor(random() * n)

const root = path.resolve(import.meta.dirname, '../../../definitions')
const shipped = fs.readdirSync(root).filter((key) => fs.existsSync(path.join(root, key, 'process.bpmn'))).map((key) => fs.readFileSync(path.join(root, key, 'process.bpmn'), 'utf8'))

const SNIPPETS = [
  '<subProcess id="x1"><subProcess id="x2"><subProcess id="x3"><startEvent id="x4"/></subProcess></subProcess></subProcess>',
  '<!DOCTYPE d SYSTEM "http://x/y.dtd">',
  '<conditionExpression xsi:type="tFormalExpression">= {f: matches}.f(x, "^(a+)+$")</conditionExpression>',
  '<conditionExpression xsi:type="tFormalExpression">= ' + '('.repeat(40) + 'x' + ')'.repeat(40) + '</conditionExpression>',
  '<multiInstanceLoopCharacteristics><loopCardinality>1000000000</loopCardinality></multiInstanceLoopCharacteristics>',
  '<standardLoopCharacteristics loopMaximum="1000000000"/>',
  '<timerEventDefinition><timeDuration>P999999999999Y</timeDuration></timerEventDefinition>',
  '<extensionElements><camunda:executionListener xmlns:camunda="http://camunda.org/schema/1.0/bpmn" event="start"/></extensionElements>',
  '<sequenceFlow id="loop" sourceRef="start" targetRef="start"/>',
  '<callActivity id="self" calledElement="penalty-case-general"/>',
  '<parallelGateway id="bomb"/><sequenceFlow id="b1" sourceRef="bomb" targetRef="bomb"/><sequenceFlow id="b2" sourceRef="bomb" targetRef="bomb"/>',
  ' zf:due="999999 working days"', ' zf:scope="constructor"', ' camunda:class="x"', ' zf:gate="case-review"', ' default="nope"', ' xmlns:a="urn:a" a:b="c"',
  '${constructor.constructor("return process")()}', '&amp;', '<![CDATA[ <x> ]]>', '<!-- <process> -->', '\u0000', '"', '<', '>',
]

function mutate(xml: string): string {
  let text = xml
  for (let n = 1 + int(3); n > 0; n -= 1) {
    const at = int(text.length)
    switch (int(8)) {
      case 0: text = text.slice(0, at) + text.slice(at + 1 + int(200)); break // delete a slice
      case 1: { const from = int(text.length); text = text.slice(0, at) + text.slice(from, from + int(2_000)) + text.slice(at); break } // duplicate a slice
      case 2: text = text.slice(0, at) + pick(SNIPPETS) + text.slice(at); break // insert something hostile
      case 3: { const tag = text.indexOf('>', at); if (tag > 0) text = text.slice(0, tag) + pick(SNIPPETS.filter((s) => s.startsWith(' '))) + text.slice(tag) } break // an attribute
      case 4: text = text.slice(0, at); break // truncate
      case 5: text = text.replace(/"[^"]{1,40}"/, `"${pick(['', 'return', 'approve', '=', 'P1D', 'sid-1', '__proto__'])}"`); break
      case 6: { const from = text.indexOf('<userTask', at); const to = text.indexOf('</userTask>', from); if (from > 0 && to > 0) text = text.slice(0, from) + text.slice(to + 11) } break // drop a step
      default: text = text.replace(/<\/subProcess>|<\/process>/, `${pick(SNIPPETS)}$&`)
    }
  }
  return text
}

const catalogs = {
  formExists: () => true, roleExists: () => true, scopeKnown: () => true, approvalForm: 'approval',
  gateRules: [{ gate: 'case-review', documents: ['penalty-decision', 'case-disposition-approval', 'coercion-decision', 'onsite-penalty-decision'], notPassingOutcomes: ['return', 'reject'] }],
  definitionExists: (key: string) => key === 'hearing',
}

const count = Number(countArg ?? 100)
for (let i = 0; i < count; i += 1) {
  const xml = mutate(pick(shipped))
  const started = performance.now()
  try {
    const result = await validateDefinition(xml, catalogs)
    const memory = process.memoryUsage()
    console.log(`${i} ${(performance.now() - started).toFixed(1)} ${(memory.heapUsed / 2 ** 20).toFixed(1)} ${(memory.rss / 2 ** 20).toFixed(1)} ${result.ok ? 'ok' : 'refused'}`)
  } catch (err) {
    console.log(`CRASH ${i} ${err instanceof Error ? err.stack : String(err)}`)
    process.exit(1)
  }
}
