// Types for the parts of untyped packages that engine/ uses.

declare module 'bpmn-moddle' {
  export interface ModdleElement {
    $type: string
    id?: string
    name?: string
    $attrs?: Record<string, string>
    $parent?: ModdleElement
    get(name: string): unknown
    [key: string]: unknown
  }
  export interface ParseWarning {
    message: string
    element?: ModdleElement
    property?: string
    value?: unknown
    error?: Error
  }
  export interface ParseResult {
    rootElement: ModdleElement
    elementsById: Record<string, ModdleElement>
    references: unknown[]
    warnings: ParseWarning[]
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: unknown)
    fromXML(xml: string, typeName?: string): Promise<ParseResult>
    create(type: string, attrs?: Record<string, unknown>): ModdleElement
    toXML(element: ModdleElement, options?: { format?: boolean }): Promise<{ xml: string }>
  }
}

declare module 'bpmn-auto-layout' {
  export function layoutProcess(xml: string): Promise<string>
}

// bpmnlint's CommonJS parts that lint.ts imports one by one (typed loosely: lint.ts states what it uses).
declare module 'bpmnlint/lib/linter.js' {
  const Linter: new (options: { config: unknown; resolver: unknown }) => unknown
  export default Linter
}
declare module 'bpmnlint/lib/resolver/static-resolver.js' {
  const StaticResolver: new (cache: Record<string, unknown>) => unknown
  export default StaticResolver
}
declare module 'bpmnlint/config/recommended.js' {
  const config: { rules: Record<string, string> }
  export default config
}
declare module 'bpmnlint/rules/*' {
  const rule: unknown
  export default rule
}
