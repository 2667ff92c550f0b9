// diagram-js-minimap ships no types: a diagram-js module (its default export) is all we use.
declare module 'diagram-js-minimap' {
  const minimapModule: { [name: string]: unknown }
  export default minimapModule
}
