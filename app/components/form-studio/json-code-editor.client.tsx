/**
 * The studio's code view: CodeMirror 6 with JSON Schema checking, completion
 * and hover (codemirror-json-schema) against the draft-07 meta-schema that
 * ships with ajv — nothing is fetched, so it works offline. Client-only and
 * loaded lazily by the studio page, so no other page's bundle carries it.
 */
import CodeMirror from '@uiw/react-codemirror'
import { json, jsonParseLinter } from '@codemirror/lang-json'
import { linter, lintGutter } from '@codemirror/lint'
import { jsonSchema } from 'codemirror-json-schema'
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json'
import { useMemo } from 'react'

export interface JsonCodeEditorProps {
  value: string
  onChange: (text: string) => void
  /** Check against the JSON Schema meta-schema (the form's schema); otherwise JSON syntax only (the UI schema). */
  metaSchema?: boolean
  label: string
}

export default function JsonCodeEditor({ value, onChange, metaSchema, label }: JsonCodeEditorProps) {
  const extensions = useMemo(() => (metaSchema
    ? [jsonSchema(draft07 as Parameters<typeof jsonSchema>[0]), lintGutter()]
    : [json(), linter(jsonParseLinter()), lintGutter()]), [metaSchema])
  return (
    <CodeMirror
      value={value}
      height="520px"
      extensions={extensions}
      onChange={onChange}
      basicSetup={{ foldGutter: true, autocompletion: true }}
      aria-label={label}
    />
  )
}
