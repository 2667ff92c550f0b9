// diagram-js-minimap ships no types: a diagram-js module (its default export) is all we use.
declare module 'diagram-js-minimap' {
  const minimapModule: { [name: string]: unknown }
  export default minimapModule
}

// The properties panel (studio): typed at the few places the studio uses it.
declare module 'bpmn-js-properties-panel' {
  import type { ModuleDeclaration } from 'didi'
  export const BpmnPropertiesPanelModule: ModuleDeclaration
  export const BpmnPropertiesProviderModule: ModuleDeclaration
  export function useService(name: string): unknown
}
declare module '@bpmn-io/properties-panel' {
  type Entry = (props: Record<string, unknown>) => null
  export const CheckboxEntry: Entry
  export const FeelEntry: Entry
  export const NumberFieldEntry: Entry
  export const SelectEntry: Entry
  export const TextAreaEntry: Entry
  export const TextFieldEntry: Entry
  export function isCheckboxEntryEdited(node: unknown): boolean
  export function isFeelEntryEdited(node: unknown): boolean
  export function isNumberFieldEntryEdited(node: unknown): boolean
  export function isSelectEntryEdited(node: unknown): boolean
  export function isTextFieldEntryEdited(node: unknown): boolean
}
