/**
 * bpmnlint's recommended rules, with Chinese messages. Rules at level
 * "error" refuse the definition; "warn" rules come back as warnings.
 * `no-overlapping-elements` (a warning about the drawing) compares every
 * shape with every other one: quadratic, 40 minutes on 40,000 tasks. It is
 * switched off; every remaining rule is linear in the definition.
 *
 * The rules are imported one by one and handed to bpmnlint's static
 * resolver (no `require` by name at run time), so the same rule set runs on
 * the server's deploy check and, bundled, in the studio's canvas.
 */
import type { ModdleElement } from 'bpmn-moddle'
import Linter from 'bpmnlint/lib/linter.js'
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver.js'
import recommended from 'bpmnlint/config/recommended.js'
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process.js'
import conditionalFlows from 'bpmnlint/rules/conditional-flows.js'
import endEventRequired from 'bpmnlint/rules/end-event-required.js'
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway.js'
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event.js'
import fakeJoin from 'bpmnlint/rules/fake-join.js'
import global from 'bpmnlint/rules/global.js'
import labelRequired from 'bpmnlint/rules/label-required.js'
import linkEvent from 'bpmnlint/rules/link-event.js'
import noBpmndi from 'bpmnlint/rules/no-bpmndi.js'
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway.js'
import noDisconnected from 'bpmnlint/rules/no-disconnected.js'
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows.js'
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork.js'
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split.js'
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end.js'
import noImplicitStart from 'bpmnlint/rules/no-implicit-start.js'
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway.js'
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event.js'
import singleEventDefinition from 'bpmnlint/rules/single-event-definition.js'
import startEventRequired from 'bpmnlint/rules/start-event-required.js'
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event.js'
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway.js'
import superfluousLabel from 'bpmnlint/rules/superfluous-label.js'
import superfluousTermination from 'bpmnlint/rules/superfluous-termination.js'
import type { DefinitionProblem } from '../errors.ts'

interface LintReport {
  id?: string
  message: string
  category: 'error' | 'warn' | 'info' | 'rule-error'
}

/** What each rule means, in Chinese, and what to do about it. */
const CHINESE: Record<string, string> = {
  'ad-hoc-sub-process': '不支持自由子流程（ad-hoc sub-process）',
  'conditional-flows': '从同一元素分出的多条连线中，除默认连线外都须写条件',
  'end-event-required': '流程（或子流程）须有结束事件',
  'event-based-gateway': '事件网关的用法不正确',
  'event-sub-process-typed-start-event': '事件子流程的开始事件须有事件类型',
  'fake-join': '一个任务有多条进入连线：请先用网关汇合',
  global: '全局元素未被使用',
  'label-required': '元素须有名称（name）',
  'link-event': '链接事件须成对出现',
  'no-bpmndi': '元素没有图形（缺少 BPMNDI 图形信息），请在建模器中打开并保存',
  'no-complex-gateway': '不支持复杂网关',
  'no-disconnected': '元素未与流程连接',
  'no-duplicate-sequence-flows': '两条连线重复（起点、终点、条件都相同）',
  'no-gateway-join-fork': '同一个网关不能既汇合又分支，请拆成两个网关',
  'no-implicit-split': '一个元素有多条带条件的出线：请用网关分支',
  'no-implicit-end': '元素没有出线却不是结束事件：请连到结束事件',
  'no-implicit-start': '元素没有进入连线却不是开始事件：请从开始事件连过来',
  'no-inclusive-gateway': '不建议使用包容网关',
  'single-blank-start-event': '只能有一个空白开始事件',
  'single-event-definition': '一个事件只能有一个事件定义',
  'start-event-required': '流程（或子流程）须有开始事件',
  'sub-process-blank-start-event': '子流程的开始事件须为空白开始事件',
  'superfluous-gateway': '多余的网关（只有一进一出）',
  'superfluous-label': '多余的标签',
  'superfluous-termination': '多余的终止结束事件',
}

const RULES: Record<string, unknown> = {
  'ad-hoc-sub-process': adHocSubProcess,
  'conditional-flows': conditionalFlows,
  'end-event-required': endEventRequired,
  'event-based-gateway': eventBasedGateway,
  'event-sub-process-typed-start-event': eventSubProcessTypedStartEvent,
  'fake-join': fakeJoin,
  'global': global,
  'label-required': labelRequired,
  'link-event': linkEvent,
  'no-bpmndi': noBpmndi,
  'no-complex-gateway': noComplexGateway,
  'no-disconnected': noDisconnected,
  'no-duplicate-sequence-flows': noDuplicateSequenceFlows,
  'no-gateway-join-fork': noGatewayJoinFork,
  'no-implicit-split': noImplicitSplit,
  'no-implicit-end': noImplicitEnd,
  'no-implicit-start': noImplicitStart,
  'no-inclusive-gateway': noInclusiveGateway,
  'single-blank-start-event': singleBlankStartEvent,
  'single-event-definition': singleEventDefinition,
  'start-event-required': startEventRequired,
  'sub-process-blank-start-event': subProcessBlankStartEvent,
  'superfluous-gateway': superfluousGateway,
  'superfluous-label': superfluousLabel,
  'superfluous-termination': superfluousTermination,
}

/** A new linter per definition: some rules (no-duplicate-sequence-flows) keep state between runs. */
function getLinter() {
  const cache: Record<string, unknown> = { 'config:bpmnlint/recommended': recommended }
  for (const [name, rule] of Object.entries(RULES)) cache[`rule:bpmnlint/${name}`] = rule
  return new Linter({
    config: { extends: 'bpmnlint:recommended', rules: { 'no-overlapping-elements': 'off' } },
    resolver: new StaticResolver(cache),
  }) as { lint(root: ModdleElement): Promise<Record<string, LintReport[]>> }
}

export async function lintBpmn(root: ModdleElement): Promise<{ errors: DefinitionProblem[]; warnings: DefinitionProblem[] }> {
  let results: Record<string, LintReport[]>
  try {
    results = await getLinter().lint(root)
  } catch (err) {
    // A rule that trips over an unusual tree must not become a stack trace: report it as one problem.
    const detail = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200)
    return { errors: [{ elementId: null, code: 'LINT_FAILED', message: `建模规则检查无法完成（${detail}）：请检查文件结构`, messageEn: `bpmnlint could not check the file: ${detail}` }], warnings: [] }
  }
  const errors: DefinitionProblem[] = []
  const warnings: DefinitionProblem[] = []
  for (const [rule, reports] of Object.entries(results)) {
    for (const report of reports) {
      const chinese = CHINESE[rule]
      const problem: DefinitionProblem = {
        elementId: report.id ?? null,
        code: `LINT_${rule.toUpperCase().replace(/-/g, '_')}`,
        message: chinese ? `${chinese}（建模规则 ${rule}）` : `不符合建模规则 ${rule}：${report.message}`,
        messageEn: `bpmnlint ${rule}: ${report.message}`,
      }
      if (report.category === 'error' || report.category === 'rule-error') errors.push(problem)
      else warnings.push(problem)
    }
  }
  return { errors, warnings }
}
