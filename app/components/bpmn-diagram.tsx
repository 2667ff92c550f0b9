import { useEffect, useRef, useState } from 'react'

/**
 * The procedure's BPMN diagram, read-only, with the current steps marked
 * (orange) and finished ones (green). bpmn-js runs in the browser only; the
 * server-rendered page lists the current steps in text beside it.
 */
export function BpmnDiagram({ xml, active, done }: { xml: string; active: string[]; done: string[] }) {
  const container = useRef<HTMLDivElement>(null)
  const [failed, setFailed] = useState(false)
  const activeKey = active.join(',')
  const doneKey = done.join(',')
  useEffect(() => {
    let viewer: { destroy(): void } | null = null
    let cancelled = false
    void (async () => {
      try {
        const { default: NavigatedViewer } = await import('bpmn-js/lib/NavigatedViewer')
        if (cancelled || !container.current) return
        const instance = new NavigatedViewer({ container: container.current })
        viewer = instance
        await instance.importXML(xml)
        const canvas = instance.get('canvas') as { zoom(v: string): void; addMarker(id: string, cls: string): void }
        canvas.zoom('fit-viewport')
        const registry = instance.get('elementRegistry') as { get(id: string): unknown }
        for (const id of doneKey ? doneKey.split(',') : []) if (registry.get(id)) canvas.addMarker(id, 'zf-done')
        for (const id of activeKey ? activeKey.split(',') : []) if (registry.get(id)) canvas.addMarker(id, 'zf-active')
      } catch {
        if (!cancelled) setFailed(true)
      }
    })()
    return () => {
      cancelled = true
      viewer?.destroy()
    }
  }, [xml, activeKey, doneKey])
  if (failed) return <p>流程图无法显示。</p>
  return <div ref={container} className="zf-diagram" data-testid="bpmn-diagram" role="img" aria-label="办理流程图，橙色为当前环节，绿色为已完成环节" />
}
