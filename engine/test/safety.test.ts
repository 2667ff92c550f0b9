/**
 * Issue 10: definitions that cannot hang, crash or fool the system. One test
 * per problem found on main, each with a fixture of its own
 * (fixtures/safety/, fixtures/gates/) or a generated hostile input: refused
 * with its code, or run to completion, within 5 s.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateDefinition } from '../definition/validate-definition.ts'
import type { DefinitionCatalogs } from '../definition/zhifa-rules.ts'
import type { GateRule } from '../definition/gate-check.ts'
import { DEFINITION_LIMITS } from '../definition/limits.ts'
import { evaluateFeel } from '../feel.ts'
import { BudgetExceeded } from '../errors.ts'
import { compileDefinition } from '../runtime/compiled-definition.ts'
import { ProcessRuntime } from '../runtime/process-runtime.ts'
import { fixturesDir, ROLE_KEYS, testForms } from './harness.ts'

const safety = (name: string) => fs.readFileSync(path.join(fixturesDir, 'safety', name), 'utf8')
const gates = (name: string) => fs.readFileSync(path.join(fixturesDir, 'gates', `${name}.bpmn`), 'utf8')
const rules: GateRule[] = [{ gate: 'review', documents: ['legal-review-opinion'], notPassingOutcomes: ['return', 'reject'] }]

const catalogs: DefinitionCatalogs = {
  formExists: (key) => testForms.exists(key),
  roleExists: (key) => ROLE_KEYS.includes(key),
  scopeKnown: (scope) => scope === 'case-department' || scope === 'legal-office',
  approvalForm: 'approval',
  gateRules: rules,
  definitionExists: (key) => key === 'hearing',
  known: {
    forms: () => [['onsite-inspection-plan', '现场检查方案'], ['legal-review-opinion', '法制审核意见书']],
    roles: () => [['officer', '监管执法人员'], ['deputy-head', '分管负责同志']],
    scopes: () => [['case-department', '办理部门'], ['legal-office', '法制审核部门']],
  },
  now: () => new Date('2026-03-02T09:00:00+08:00'),
}

/** Validates within the limits: never throws, at most 5 s. */
async function validate(xml: string) {
  const started = performance.now()
  const result = await validateDefinition(xml, catalogs)
  expect(performance.now() - started).toBeLessThan(5_000)
  return result
}
async function codes(xml: string): Promise<Array<[string | null, string]>> {
  const result = await validate(xml)
  return result.ok ? [] : result.problems.map((p) => [p.elementId, p.code])
}
async function problems(xml: string) {
  const result = await validate(xml)
  return result.ok ? [] : result.problems
}

const NS = 'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zf="http://zhifa.example/schema/bpmn/zf"'
const wrap = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><definitions ${NS} id="d" targetNamespace="x"><process id="hostile" isExecutable="true">${body}</process></definitions>`

describe('the server cannot be frozen by a definition', () => {
  it('FEEL regular-expression built-ins called indirectly ({f: matches}.f(…), (matches)(…)) are refused at deploy', async () => {
    expect(await codes(safety('feel-indirect-regex.bpmn'))).toEqual([['fContext', 'FEEL_FUNCTION_FORBIDDEN'], ['fParens', 'FEEL_FUNCTION_FORBIDDEN']])
  })

  it('and at run time they are unreachable by any path: a catastrophic pattern returns null at once', () => {
    const started = performance.now()
    const evil = { x: `${'a'.repeat(40)}!` }
    expect(evaluateFeel('{f: matches}.f(x, "^(a+)+$")', evil)).toBeNull()
    expect(evaluateFeel('(matches)(x, "^(a+)+$")', evil)).toBeNull()
    expect(evaluateFeel('get value({m: replace}, "m")(x, "(a+)+$", "b")', evil)).toBeNull()
    expect(performance.now() - started).toBeLessThan(5_000) // backtracking on this input takes minutes: far beyond the bound, never near it
  })

  it('multi-instance with cardinality 1e9 (on a task that does not wait) or Infinity, and a standard loop with loopMaximum 1e9, are refused, naming each step', async () => {
    expect(await codes(safety('loops-on-tasks.bpmn'))).toEqual([
      ['hugeCardinality', 'MULTI_INSTANCE_UNSUPPORTED'], ['infiniteCardinality', 'LIMIT_CARDINALITY'], ['standardLoop', 'LOOP_UNSUPPORTED'],
    ])
  })

  it('multi-instance user tasks are accepted with a bounded cardinality and a completion rule, but not on a gate step or with an unreadable rule', async () => {
    const countersign = fs.readFileSync(path.join(fixturesDir, 'countersign.bpmn'), 'utf8')
    // The fixture's opinions use the form the test gate rule guards; without gate rules it is a plain definition.
    expect(await validateDefinition(countersign, { ...catalogs, gateRules: undefined })).toMatchObject({ ok: true })
    expect(await codes(countersign.replace('zf:completion="all"', 'zf:completion="most"'))).toContainEqual(['opinions', 'COMPLETION_INVALID'])
    expect(await codes(countersign.replace('zf:completion="all"', 'zf:completion="all" zf:gate="review"'))).toContainEqual(['opinions', 'MULTI_INSTANCE_UNSUPPORTED'])
    expect(await codes(countersign.replace('>3</loopCardinality>', `>${DEFINITION_LIMITS.maxCardinality + 1}</loopCardinality>`))).toContainEqual(['opinions', 'LIMIT_CARDINALITY'])
    // From the case's data: FEEL, checked like any FEEL at deploy and bounded when the step starts (scenarios/data-cardinality.test.ts).
    expect(await validateDefinition(countersign.replace('>3</loopCardinality>', '>= count(case.officers)</loopCardinality>'), { ...catalogs, gateRules: undefined })).toMatchObject({ ok: true })
    expect(await codes(countersign.replace('>3</loopCardinality>', '>= count(split(case.officers, ","))</loopCardinality>'))).toContainEqual(['opinions', 'FEEL_FUNCTION_FORBIDDEN'])
  })

  it('a gateway loop through a task that does not wait is refused, with the loop in the message', async () => {
    const found = await problems(safety('loop-without-wait.bpmn'))
    const loop = found.find((p) => p.code === 'LOOP_WITHOUT_WAIT')!
    expect(loop.elementId).toBe('check')
    expect(loop.message).toContain('「是否完成」(check) → 「空转」(touch) → 「是否完成」(check)')
  })

  it('a parallel fork bomb (a fork looping back to its merge) is refused', async () => {
    expect(await codes(safety('fork-bomb.bpmn'))).toContainEqual(['merge', 'LOOP_WITHOUT_WAIT'])
  })

  it('and if such a loop ever reached bpmn-engine, the operation fails with BUDGET_EXCEEDED instead of spinning or overflowing the stack', async () => {
    for (const name of ['loop-without-wait.bpmn', 'fork-bomb.bpmn']) {
      const xml = safety(name)
      const definition = await compileDefinition({ id: name, key: name, version: 1, xml }, { key: name, name, userTasks: {}, timers: {}, calls: {} })
      const started = performance.now()
      const error = await ProcessRuntime.start(definition, {}).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(BudgetExceeded)
      expect((error as BudgetExceeded).code).toBe('BUDGET_EXCEEDED')
      expect(performance.now() - started).toBeLessThan(5_000)
    }
  })
})

describe('crashes and blow-ups are refused first, cheaply', () => {
  const nestedSubProcesses = (depth: number) => {
    let inner = '<startEvent id="s0"/>'
    for (let i = depth; i >= 1; i -= 1) inner = `<subProcess id="sp${i}">${inner}</subProcess>`
    return wrap(`<startEvent id="start"/>${inner}`)
  }

  it('sub-processes nested 3,000 deep are refused as too deep, without a RangeError', async () => {
    expect(await codes(nestedSubProcesses(3_000))).toEqual([[null, 'LIMIT_DEPTH']])
  })

  it('sub-processes nested 500 and 1,000 deep (which validated on main, then failed at start) are refused', async () => {
    expect(await codes(nestedSubProcesses(500))).toEqual([[null, 'LIMIT_DEPTH']])
    expect(await codes(nestedSubProcesses(1_000))).toEqual([[null, 'LIMIT_DEPTH']])
  })

  it('sub-processes nested beyond the sub-process limit but within the XML depth are refused by name', async () => {
    expect(await codes(nestedSubProcesses(DEFINITION_LIMITS.maxSubProcessDepth + 2))).toContainEqual([`sp${DEFINITION_LIMITS.maxSubProcessDepth + 1}`, 'LIMIT_SUBPROCESS_DEPTH'])
  })

  it('100,000 nested extension elements are refused', async () => {
    const nested = '<zf:x>'.repeat(100_000) + '</zf:x>'.repeat(100_000)
    expect((await codes(wrap(`<startEvent id="start"><extensionElements>${nested}</extensionElements></startEvent>`)))[0]![1]).toMatch(/^LIMIT_(DEPTH|ELEMENTS|FILE_SIZE)$/)
  })

  it('a 2 MB condition is refused for the file size, a 72 KB one for its length, both at once', async () => {
    const flow = (body: string) => wrap(`<startEvent id="start"/><sequenceFlow id="f" sourceRef="start" targetRef="end"><conditionExpression xsi:type="tFormalExpression">= ${body}</conditionExpression></sequenceFlow><endEvent id="end"/>`)
    expect(await codes(flow('('.repeat(2_000_000)))).toEqual([[null, 'LIMIT_FILE_SIZE']])
    expect(await codes(flow('x = 1 and '.repeat(7_200) + 'true'))).toContainEqual(['f', 'LIMIT_TEXT_LENGTH'])
    expect(await codes(flow('x = 1 and '.repeat(150) + 'true'))).toContainEqual(['f', 'LIMIT_EXPRESSION_LENGTH'])
    expect(await codes(flow('('.repeat(30) + 'x' + ')'.repeat(30)))).toContainEqual(['f', 'LIMIT_EXPRESSION_DEPTH'])
  })

  it('a 20 MB definition with 40,000 tasks is refused at once; the largest one allowed validates in time', async () => {
    const chain = (n: number) => {
      let body = '<startEvent id="start" name="开始"/><sequenceFlow id="f0" sourceRef="start" targetRef="t1"/>'
      for (let i = 1; i <= n; i += 1) body += `<task id="t${i}" name="步骤${i}"/><sequenceFlow id="f${i}" sourceRef="t${i}" targetRef="${i < n ? `t${i + 1}` : 'end'}"/>`
      return wrap(`${body}<endEvent id="end" name="结束"/>`)
    }
    const huge = chain(40_000).replace('</definitions>', `<!--${' '.repeat(20_000_000)}--></definitions>`)
    const started = performance.now()
    expect(await codes(huge)).toEqual([[null, 'LIMIT_FILE_SIZE']])
    expect(performance.now() - started).toBeLessThan(5_000) // the issue's bound for any input; parsing it took 40 minutes before the limits
    // 998 tasks and their flows: just under the flow-element limit, far above any real procedure.
    const large = await validate(chain(998))
    expect(large.ok ? [] : large.problems.map((p) => p.code).filter((c) => c.startsWith('LIMIT_'))).toEqual([])
    expect(await codes(chain(1_000))).toContainEqual([null, 'LIMIT_FLOW_ELEMENTS'])
  })
})

describe('what is meaningless or unsafe is refused, with its name', () => {
  it('camunda:class, flowable:class, camunda:assignee and a camunda:executionListener with a script are refused', async () => {
    const found = await problems(safety('foreign-extensions.bpmn'))
    expect(found.map((p) => [p.elementId, p.code])).toEqual([
      ['foreign-extensions', 'FOREIGN_ELEMENT_FORBIDDEN'], ['foreign-extensions', 'FOREIGN_ELEMENT_FORBIDDEN'],
      ['approve', 'FOREIGN_ATTRIBUTE_FORBIDDEN'], ['approve', 'FOREIGN_ATTRIBUTE_FORBIDDEN'], ['approve', 'FOREIGN_ATTRIBUTE_FORBIDDEN'],
    ])
    expect(found.map((p) => p.message).join('\n')).toMatch(/camunda:executionListener[\s\S]*camunda:assignee[\s\S]*camunda:class[\s\S]*flowable:class/)
  })

  it('layout colours and Camunda modeler properties are harmless and accepted', async () => {
    expect(await validate(safety('modeler-colours.bpmn'))).toMatchObject({ ok: true })
  })

  it('an ECMAScript expressionLanguage on <definitions> is refused', async () => {
    expect(await codes(safety('script-expression-language.bpmn'))).toEqual([[null, 'SCRIPT_CONDITION_FORBIDDEN']])
  })

  it('a DOCTYPE with an external SYSTEM identifier is refused before parsing', async () => {
    expect(await codes(safety('doctype.bpmn'))).toEqual([[null, 'XML_DOCTYPE_FORBIDDEN']])
  })

  it('a call activity calling itself (at once or after a task), without calledElement, or calling an undeployed definition is refused', async () => {
    expect(await codes(safety('calls.bpmn'))).toEqual([
      ['callSelf', 'CALL_RECURSIVE'], ['callSelfLater', 'CALL_RECURSIVE'], ['callNothing', 'CALL_TARGET_MISSING'], ['callUnknown', 'CALL_TARGET_UNKNOWN'],
    ])
  })

  it('timers of P999999999999Y, PT99999999999999999999S or 9999-12-31, zf:due P999999999Y and 999999 working days are refused; 10 working days is fine', async () => {
    expect(await codes(safety('absurd-time.bpmn'))).toEqual([
      ['dueYears', 'LIMIT_HORIZON'], ['dueWorkingDays', 'LIMIT_HORIZON'], ['waitForever', 'LIMIT_HORIZON'], ['waitSeconds', 'LIMIT_HORIZON'], ['waitDate', 'LIMIT_HORIZON'],
    ])
  })

  it('zf:scope="constructor", zf:role="__proto__", zf:form="toString" are unknown keys, never a prototype lookup, and the allowed keys are listed', async () => {
    const found = await problems(safety('prototype-keys.bpmn'))
    expect(found.map((p) => [p.elementId, p.code])).toEqual([['record', 'FORM_UNKNOWN'], ['record', 'ROLE_UNKNOWN'], ['record', 'SCOPE_UNKNOWN']])
    expect(found[0]!.message).toContain('可用：onsite-inspection-plan（现场检查方案）、legal-review-opinion（法制审核意见书）')
    expect(found[1]!.message).toContain('officer（监管执法人员）')
    expect(found[2]!.message).toContain('case-department（办理部门）')
  })
})

describe('the gate check cannot be fooled', () => {
  const bypassed = async (name: string) => (await problems(gates(name))).filter((p) => p.code === 'GATE_BYPASSED').map((p) => p.elementId)

  it('an exclusive split with one branch to the review and the other straight to a parallel join before the decision is refused', async () => {
    expect(await bypassed('join-after-exclusive-split')).toEqual(['decision'])
  })

  it('a return routed to the decision by the default flow (the gateway tests only approve) is refused', async () => {
    expect(await bypassed('return-by-default')).toEqual(['decision'])
  })

  it('a return routed to the decision by != "approve" is refused', async () => {
    expect(await bypassed('return-by-not-equal')).toEqual(['decision'])
  })

  it('a return routed to the decision by "return" = outcome is refused', async () => {
    expect(await bypassed('return-reversed')).toEqual(['decision'])
  })

  it('an outcome named disapprove that reaches the decision by the default flow is refused, saying to route on approve', async () => {
    const found = (await problems(gates('disapprove'))).filter((p) => p.code === 'GATE_BYPASSED')
    expect(found.map((p) => p.elementId)).toEqual(['decision'])
    expect(found[0]!.message).toContain('reviewOutcome = "approve"')
  })

  it('the decision reached by reviewOutcome = "approve" is accepted', async () => {
    expect(await validate(gates('approve-proven'))).toMatchObject({ ok: true })
  })
})

describe('messages an administrator can act on', () => {
  it('an empty <definitions> says the process is missing, once, with no stack trace', async () => {
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => errors.push(args)
    try {
      expect(await codes(safety('empty-definitions.bpmn'))).toEqual([[null, 'PROCESS_MISSING']])
    } finally {
      console.error = original
    }
    expect(errors).toEqual([])
  })

  it('an ASCII file declaring ISO-8859-1 is read, and its real problem shown', async () => {
    expect(await codes(safety('ascii-latin1.bpmn'))).toEqual([['approve', 'TASK_ROLE_MISSING']])
  })

  it('a non-ASCII file declaring another encoding is refused for its encoding, in Chinese', async () => {
    const found = await problems(safety('ascii-latin1.bpmn').replace('name="Approve"', 'name="审批"'))
    expect(found.map((p) => p.code)).toEqual(['XML_ENCODING_UNSUPPORTED'])
    expect(found[0]!.message).toContain('请以 UTF-8 保存')
  })

  it('the standard FEEL namespace URI as a condition language is FEEL', async () => {
    expect(await validate(safety('feel-namespace.bpmn'))).toMatchObject({ ok: true })
  })

  it('a Flowable-style file without <incoming>/<outgoing> is not "disconnected"', async () => {
    expect(await validate(safety('flowable-style.bpmn'))).toMatchObject({ ok: true, warnings: [] })
  })

  it('hyphenated modeler ids (sid-…) get no VARIABLE_NAME_INVALID for a zf:result nobody wrote', async () => {
    expect(await validate(safety('sid-ids.bpmn'))).toMatchObject({ ok: true })
  })

  it('bpmnlint problems are in Chinese', async () => {
    const found = await problems(safety('loop-without-wait.bpmn'))
    expect(found.find((p) => p.code === 'LINT_NO_GATEWAY_JOIN_FORK')!.message).toContain('同一个网关不能既汇合又分支')
  })

  it('a task without form, role or scope is told what to write, with the allowed keys', async () => {
    const found = await problems(wrap('<startEvent id="start" name="开始"/><sequenceFlow id="f1" sourceRef="start" targetRef="t"/><userTask id="t" name="审批"/><sequenceFlow id="f2" sourceRef="t" targetRef="end"/><endEvent id="end" name="结束"/>'))
    const byCode = Object.fromEntries(found.map((p) => [p.code, p.message]))
    expect(byCode.TASK_FORM_MISSING).toContain('zf:approval="true"')
    expect(byCode.TASK_ROLE_MISSING).toContain('zf:role="officer"')
    expect(byCode.TASK_ROLE_MISSING).toContain('deputy-head（分管负责同志）')
    expect(byCode.TASK_SCOPE_MISSING).toContain('zf:scope="case-department"')
  })
})
