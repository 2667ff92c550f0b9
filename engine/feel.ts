/**
 * FEEL is the only expression language of Zhifa definitions (conditions and
 * zf:due). It is evaluated by @bpmn-io/feelin, an interpreter that reads own
 * properties of plain data only, over a JSON copy of the variables: no code
 * path leads to JavaScript functions, prototypes or node:vm. At deploy we
 * also refuse the constructs that could make an evaluation loop or run long:
 * iteration (for / some / every), ranges, user-defined functions and the
 * regular-expression built-ins.
 */
import { evaluate, parseExpression } from '@bpmn-io/feelin'
import { expressionSizeProblem } from './definition/limits.ts'
import { ExpressionFailed } from './errors.ts'

export interface FeelProblem {
  code: string
  message: string
  messageEn: string
}

const FORBIDDEN_NODES: Record<string, FeelProblem> = {
  ForExpression: { code: 'FEEL_LOOP_FORBIDDEN', message: 'FEEL 表达式不得使用循环（for）', messageEn: 'FEEL loops (for) are not allowed' },
  QuantifiedExpression: { code: 'FEEL_LOOP_FORBIDDEN', message: 'FEEL 表达式不得使用 some/every 迭代', messageEn: 'FEEL iteration (some/every) is not allowed' },
  Interval: { code: 'FEEL_RANGE_FORBIDDEN', message: 'FEEL 表达式不得使用区间（range）', messageEn: 'FEEL ranges are not allowed' },
  FunctionDefinition: { code: 'FEEL_FUNCTION_DEFINITION_FORBIDDEN', message: 'FEEL 表达式不得定义函数', messageEn: 'FEEL function definitions are not allowed' },
}

/**
 * Built-ins that take a regular expression: a crafted pattern could run for
 * minutes. Refused by name wherever the name appears (a call, `{f: matches}`,
 * `(matches)(…)`), and unreachable at run time whatever the syntax: the
 * evaluation context binds these names to inert values, and feelin looks a
 * name up in the context before its built-ins.
 */
const FORBIDDEN_FUNCTIONS = new Set(['matches', 'replace', 'split'])
const INERT_BUILTINS: Record<string, null> = Object.fromEntries([...FORBIDDEN_FUNCTIONS].map((name) => [name, null]))
/** Names that mean something to JavaScript objects, refused even though feelin reads own properties only. */
const FORBIDDEN_NAMES = new Set(['constructor', '__proto__', 'prototype'])

/** Our definitions may write `= expr` (as Camunda 8 does) or just `expr`. */
export function stripFeelMarker(text: string): string {
  const trimmed = text.trim()
  return trimmed.startsWith('=') ? trimmed.slice(1).trim() : trimmed
}

/** Problems of one expression; empty when it may be deployed. */
export function checkFeel(text: string): FeelProblem[] {
  const expression = stripFeelMarker(text)
  if (expression === '') {
    return [{ code: 'FEEL_EMPTY', message: 'FEEL 表达式为空', messageEn: 'empty FEEL expression' }]
  }
  const size = expressionSizeProblem(expression)
  if (size) return [size]
  const problems: FeelProblem[] = []
  const seen = new Set<string>()
  const add = (p: FeelProblem) => {
    if (!seen.has(p.code)) problems.push(p)
    seen.add(p.code)
  }
  let tree
  try {
    tree = parseExpression(expression, {}, undefined)
  } catch (err) {
    return [{ code: 'FEEL_SYNTAX', message: `FEEL 表达式语法错误：${String(err)}`, messageEn: `FEEL syntax error: ${String(err)}` }]
  }
  tree.iterate({
    enter(node) {
      if (node.type.isError) {
        add({ code: 'FEEL_SYNTAX', message: `FEEL 表达式语法错误（第 ${node.from + 1} 个字符附近）`, messageEn: `FEEL syntax error near character ${node.from + 1}` })
        return
      }
      const forbidden = FORBIDDEN_NODES[node.type.name]
      if (forbidden) add(forbidden)
      if (node.type.name === 'Identifier' || node.type.name === 'VariableName' || node.type.name === 'Name') {
        const name = expression.slice(node.from, node.to).trim()
        if (FORBIDDEN_NAMES.has(name)) {
          add({ code: 'FEEL_NAME_FORBIDDEN', message: `FEEL 表达式不得引用 ${name}`, messageEn: `FEEL expression may not use the name ${name}` })
        }
        if (FORBIDDEN_FUNCTIONS.has(name)) {
          add({ code: 'FEEL_FUNCTION_FORBIDDEN', message: `FEEL 表达式不得使用 ${name}（正则表达式函数），无论直接调用还是间接引用`, messageEn: `FEEL expression may not use ${name} (a regular-expression function), called directly or not` })
        }
      }
    },
  })
  return problems
}

/** A deep copy that is plain JSON: no functions, prototypes, dates or cycles survive. */
export function jsonCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T)
}

/**
 * Evaluates an expression over a JSON copy of the variables. Unknown names
 * yield null (FEEL semantics); the caller decides what null means.
 */
export function evaluateFeel(text: string, variables: Readonly<Record<string, unknown>>): unknown {
  const expression = stripFeelMarker(text)
  const size = expressionSizeProblem(expression)
  if (size) throw new ExpressionFailed(expression.slice(0, 60), size.message)
  return evaluate(expression, { ...(jsonCopy(variables) as Record<string, unknown>), ...INERT_BUILTINS }).value
}
