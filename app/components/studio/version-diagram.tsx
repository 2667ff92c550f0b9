/**
 * One version's diagram for the compare page: read-only, fitted to its
 * frame, with the elements that differ from the other version marked —
 * added green, removed red, changed amber. bpmn-js is loaded in the browser
 * only (a lazy import in an effect; the server never imports it); until it
 * has drawn, and without scripts, the page's tables say the same in text.
 */
import { useEffect, useRef, useState } from 'react'

export type DiffMark = 'added' | 'removed' | 'changed'

interface Canvas { zoom(level: 'fit-viewport'): number; addMarker(id: string, cls: string): void }

export function VersionDiagram({ xml, marks, label }: { xml: string; marks: Record<string, DiffMark>; label: string }) {
  const container = useRef<HTMLDivElement>(null)
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading')
  const marksKey = JSON.stringify(marks)
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
        const canvas = instance.get('canvas') as Canvas
        const registry = instance.get('elementRegistry') as { get(id: string): unknown }
        for (const [id, mark] of Object.entries(JSON.parse(marksKey) as Record<string, DiffMark>)) {
          if (registry.get(id)) canvas.addMarker(id, `zf-diff-${mark}`)
        }
        canvas.zoom('fit-viewport')
        if (!cancelled) setState('ready')
      } catch {
        if (!cancelled) setState('failed')
      }
    })()
    return () => {
      cancelled = true
      viewer?.destroy()
    }
  }, [xml, marksKey])
  if (state === 'failed') return <p>流程图无法显示。</p>
  return <div ref={container} className="zf-diagram" role="img" aria-label={label} data-testid="version-diagram" data-ready={state === 'ready' ? 'true' : undefined} />
}
