/**
 * The studio's canvas: bpmn-js 18 Modeler with the standard properties
 * panel, our 执法 group, our step kinds in the palette and context pad, and
 * everything in Chinese. On every change (debounced) the XML goes through
 * the deploy check itself (validateDefinition, the server's function, with
 * the catalog's lists the page was sent); problems are listed and marked on
 * the elements. Browser only: the route loads this module lazily after
 * hydration, so neither the server nor any other page loads bpmn-js.
 */
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react'
import { Alert, List, Select, Typography } from 'antd'
import Modeler from 'bpmn-js/lib/Modeler'
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel'
import 'bpmn-js/dist/assets/diagram-js.css'
import 'bpmn-js/dist/assets/bpmn-js.css'
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css'
import '@bpmn-io/properties-panel/assets/properties-panel.css'
import './studio.css'
import zf from '../../../engine/zf-moddle.json'
import { validateDefinition } from '../../../engine/definition/validate-definition.ts'
import type { DefinitionProblem } from '../../../engine/errors.ts'
import { definitionCatalogs, type StudioReference } from '../../services/studio/studio-reference.ts'
import { translateZhModule } from './translate-zh.ts'
import { zhifaPropertiesModule } from './zf-properties-provider.ts'
import { zhifaPaletteModule } from './step-palette.ts'
import { showProblems, type Services } from './canvas-problems.ts'

export interface StudioModelerProps {
  xml: string
  reference: StudioReference
  /** A new procedure from a template: the process gets this id and name. */
  rename?: { key: string; name: string }
  /** Problems the server gave when it refused to publish: shown until the next change. */
  serverProblems?: DefinitionProblem[]
}

export interface StudioModelerHandle {
  saveXML(): Promise<string>
}

interface ModelerInstance {
  importXML(xml: string): Promise<unknown>
  saveXML(options: { format: boolean }): Promise<{ xml?: string }>
  get(name: string): unknown
  on(event: string, callback: () => void): void
  destroy(): void
}

const CHECK_DELAY_MS = 400

/** The active XML of a called definition, for the gate check through call activities. */
function calleeFetcher() {
  const cache = new Map<string, Promise<string | null>>()
  return (key: string) => {
    if (!cache.has(key)) cache.set(key, fetch(`/admin/definitions/${encodeURIComponent(key)}/bpmn`).then((r) => (r.ok ? r.text() : null)).catch(() => null))
    return cache.get(key)!
  }
}

export const StudioModeler = forwardRef<StudioModelerHandle, StudioModelerProps>(function StudioModeler({ xml, reference, rename, serverProblems }, ref) {
  const canvasRef = useRef<HTMLDivElement>(null)
  const panelRef = useRef<HTMLDivElement>(null)
  const modelerRef = useRef<ModelerInstance | null>(null)
  const [problems, setProblems] = useState<DefinitionProblem[] | null>(null)
  const [warnings, setWarnings] = useState<DefinitionProblem[]>([])
  const [failed, setFailed] = useState<string | null>(null)
  const shownServer = useRef<DefinitionProblem[] | undefined>(undefined)
  const [steps, setSteps] = useState<Array<{ value: string; label: string }>>([])

  useImperativeHandle(ref, () => ({
    async saveXML() {
      const result = await modelerRef.current!.saveXML({ format: true })
      return result.xml ?? ''
    },
  }))

  useEffect(() => {
    const modeler = new Modeler({
      container: canvasRef.current!,
      propertiesPanel: { parent: panelRef.current! },
      additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, zhifaPropertiesModule, zhifaPaletteModule, translateZhModule],
      moddleExtensions: { zf },
      zhifaStudio: { reference },
    }) as unknown as ModelerInstance
    modelerRef.current = modeler
    const catalogs = definitionCatalogs(reference, calleeFetcher())
    const services = () => ({ canvas: modeler.get('canvas'), overlays: modeler.get('overlays'), elementRegistry: modeler.get('elementRegistry') }) as Services
    let timer: ReturnType<typeof setTimeout> | null = null
    let run = 0
    let disposed = false
    const check = async () => {
      const mine = (run += 1)
      const saved = await modeler.saveXML({ format: false })
      const result = await validateDefinition(saved.xml ?? '', catalogs)
      if (disposed || mine !== run) return
      const found = result.ok ? [] : result.problems
      setProblems(found)
      setWarnings(result.warnings)
      const registry = modeler.get('elementRegistry') as { filter(f: (e: { type: string }) => boolean): Array<{ id: string; businessObject: { name?: string } }> }
      setSteps(registry.filter((e) => /Task|CallActivity|SubProcess|Gateway/.test(e.type)).map((e) => ({ value: e.id, label: e.businessObject.name ? `${e.businessObject.name}（${e.id}）` : e.id })))
      showProblems(services(), found)
    }
    const schedule = () => {
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => void check(), CHECK_DELAY_MS)
    }
    void (async () => {
      try {
        await modeler.importXML(xml)
        const canvas = modeler.get('canvas') as { zoom(level: string): void; getRootElement(): unknown }
        if (rename) {
          const modeling = modeler.get('modeling') as { updateProperties(element: unknown, properties: Record<string, unknown>): void }
          modeling.updateProperties(canvas.getRootElement(), { id: rename.key, name: rename.name })
        }
        canvas.zoom('fit-viewport')
        modeler.on('commandStack.changed', schedule)
        await check()
      } catch (error) {
        if (!disposed) setFailed(error instanceof Error ? error.message : String(error))
      }
    })()
    return () => {
      disposed = true
      if (timer) clearTimeout(timer)
      modeler.destroy()
      modelerRef.current = null
    }
    // The modeler is created once per definition opened; the reference comes with it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [xml])

  // The server's refusal replaces the list and the marks until the next change re-checks.
  useEffect(() => {
    const modeler = modelerRef.current
    if (!modeler || !serverProblems || serverProblems === shownServer.current) return
    shownServer.current = serverProblems
    setProblems(serverProblems)
    showProblems({ canvas: modeler.get('canvas'), overlays: modeler.get('overlays'), elementRegistry: modeler.get('elementRegistry') } as Services, serverProblems)
  }, [serverProblems])

  /** Wide procedures are unreadable fitted to the frame: show a step at full size, centred. */
  const locate = (id: string) => {
    const modeler = modelerRef.current
    const element = modeler && (modeler.get('elementRegistry') as { get(id: string): { x: number; y: number; width: number; height: number } | undefined }).get(id)
    if (!modeler || !element) return
    const canvas = modeler.get('canvas') as { viewbox(box?: { x: number; y: number; width: number; height: number }): { outer: { width: number; height: number } } }
    const { outer } = canvas.viewbox()
    canvas.viewbox({ x: element.x + element.width / 2 - outer.width / 2, y: element.y + element.height / 2 - outer.height / 2, width: outer.width, height: outer.height })
    ;(modeler.get('selection') as { select(e: unknown): void }).select(element)
  }

  const select = (id: string | null) => {
    const modeler = modelerRef.current
    if (!modeler || !id) return
    const element = (modeler.get('elementRegistry') as { get(id: string): unknown }).get(id)
    if (!element) return
    ;(modeler.get('selection') as { select(e: unknown): void }).select(element)
    ;(modeler.get('canvas') as { scrollToElement(e: unknown): void }).scrollToElement(element)
  }

  return (
    <div>
      {failed ? <Alert type="error" showIcon message={`流程图无法打开：${failed}`} /> : null}
      <div style={{ marginBottom: 8 }}>
        <Select showSearch optionFilterProp="label" placeholder="定位到步骤（原大小居中）" options={steps} value={null} onChange={(id: string) => locate(id)} style={{ width: 320, maxWidth: '100%' }} data-testid="studio-locate" />
      </div>
      <div className="zf-studio">
        <div ref={canvasRef} className="zf-studio-canvas" data-testid="studio-canvas" />
        <div ref={panelRef} className="zf-studio-panel" data-testid="studio-panel" />
      </div>
      <section className="zf-section" data-testid="studio-problems" data-checked={problems === null ? undefined : String(problems.length)}>
        {problems === null ? <Typography.Text type="secondary">正在检查……</Typography.Text> : problems.length === 0 ? (
          <Alert type="success" showIcon message="检查通过：可以发布" />
        ) : (
          <Alert type="error" showIcon message={`${problems.length} 处问题（发布前须改正；点击定位到图中元素）`} description={
            <List size="small" dataSource={problems} renderItem={(p) => (
              <List.Item onClick={() => select(p.elementId)} style={{ cursor: p.elementId ? 'pointer' : undefined }} data-code={p.code}>
                {p.elementName ? `「${p.elementName}」` : ''}{p.elementId ? `(${p.elementId}) ` : ''}{p.message}
              </List.Item>
            )} />
          } />
        )}
        {warnings.length ? (
          <details><summary>{warnings.length} 条提示（不影响发布）</summary><ul>{warnings.map((w, i) => <li key={i}>{w.elementId ? `(${w.elementId}) ` : ''}{w.message}</li>)}</ul></details>
        ) : null}
      </section>
    </div>
  )
})

export default StudioModeler
