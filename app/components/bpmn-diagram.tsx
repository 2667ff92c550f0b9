import { useEffect, useRef, useState } from 'react'
import { Button, Space, Tooltip } from 'antd'
import { AimOutlined, CompressOutlined, ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons'

interface Canvas {
  zoom(level?: number | 'fit-viewport', center?: { x: number; y: number } | 'auto'): number
  viewbox(box?: { x: number; y: number; width: number; height: number }): { scale: number; outer: { width: number; height: number } }
  addMarker(id: string, cls: string): void
}
interface Shape { x: number; y: number; width: number; height: number }

/** The viewer's own words in Chinese (diagram-js asks its `translate` service). */
const zh: Record<string, string> = { 'Open minimap': '打开缩略图', 'Close minimap': '关闭缩略图' }
const translateZh = {
  translate: ['value', (template: string, replacements: Record<string, string> = {}) =>
    (zh[template] ?? template).replace(/{([^}]+)}/g, (_, key: string) => replacements[key] ?? `{${key}}`)],
}

/** Readable labels: the scale a diagram opens at when a step is current (1 = the modeller's size). */
const READABLE_SCALE = 1
const ZOOM_STEP = 1.25

/** Centres the view on the shape at the given scale. */
function centreOn(canvas: Canvas, shape: Shape, scale: number) {
  const { outer } = canvas.viewbox()
  const width = outer.width / scale
  const height = outer.height / scale
  canvas.viewbox({ x: shape.x + shape.width / 2 - width / 2, y: shape.y + shape.height / 2 - height / 2, width, height })
}

/**
 * The procedure's BPMN diagram, read-only, with the current steps marked
 * (orange) and finished ones (green). It opens at a readable size centred on
 * the first current step (fitted to the frame when nothing is current), with
 * zoom, fit and back-to-the-current-step buttons, dragging to pan, and a
 * minimap. bpmn-js runs in the browser only; the server-rendered page lists
 * the current steps in text beside it.
 */
export function BpmnDiagram({ xml, active, done }: { xml: string; active: string[]; done: string[] }) {
  const container = useRef<HTMLDivElement>(null)
  const view = useRef<{ canvas: Canvas; current: Shape | null } | null>(null)
  const [failed, setFailed] = useState(false)
  const [ready, setReady] = useState(false)
  const activeKey = active.join(',')
  const doneKey = done.join(',')
  useEffect(() => {
    let viewer: { destroy(): void } | null = null
    let cancelled = false
    void (async () => {
      try {
        const [{ default: NavigatedViewer }, { default: minimap }] = await Promise.all([
          import('bpmn-js/lib/NavigatedViewer'),
          import('diagram-js-minimap'),
        ])
        if (cancelled || !container.current) return
        const instance = new NavigatedViewer({ container: container.current, additionalModules: [minimap, translateZh], minimap: { open: false } })
        viewer = instance
        await instance.importXML(xml)
        const canvas = instance.get('canvas') as Canvas
        const registry = instance.get('elementRegistry') as { get(id: string): Shape | undefined }
        for (const id of doneKey ? doneKey.split(',') : []) if (registry.get(id)) canvas.addMarker(id, 'zf-done')
        const current = (activeKey ? activeKey.split(',') : []).map((id) => registry.get(id)).filter((s): s is Shape => !!s)
        for (const id of activeKey ? activeKey.split(',') : []) if (registry.get(id)) canvas.addMarker(id, 'zf-active')
        canvas.zoom('fit-viewport')
        if (current[0] && canvas.viewbox().scale < READABLE_SCALE) centreOn(canvas, current[0], READABLE_SCALE)
        view.current = { canvas, current: current[0] ?? null }
        setReady(true)
      } catch {
        if (!cancelled) setFailed(true)
      }
    })()
    return () => {
      cancelled = true
      view.current = null
      setReady(false)
      viewer?.destroy()
    }
  }, [xml, activeKey, doneKey])
  if (failed) return <p>流程图无法显示。</p>
  const zoomBy = (factor: number) => {
    const canvas = view.current?.canvas
    if (canvas) canvas.zoom(canvas.viewbox().scale * factor, 'auto')
  }
  const current = view.current?.current
  return (
    <div className="zf-diagram-frame">
      <Space size={4} className="zf-diagram-tools" data-testid="diagram-tools">
        <Tooltip title="放大"><Button size="small" icon={<ZoomInOutlined />} aria-label="放大" disabled={!ready} onClick={() => zoomBy(ZOOM_STEP)} /></Tooltip>
        <Tooltip title="缩小"><Button size="small" icon={<ZoomOutOutlined />} aria-label="缩小" disabled={!ready} onClick={() => zoomBy(1 / ZOOM_STEP)} /></Tooltip>
        <Tooltip title="适应画布"><Button size="small" icon={<CompressOutlined />} aria-label="适应画布" disabled={!ready} onClick={() => view.current?.canvas.zoom('fit-viewport')} /></Tooltip>
        {current ? (
          <Tooltip title="当前环节"><Button size="small" icon={<AimOutlined />} aria-label="当前环节" disabled={!ready} onClick={() => view.current && centreOn(view.current.canvas, current, Math.max(READABLE_SCALE, view.current.canvas.viewbox().scale))} /></Tooltip>
        ) : null}
      </Space>
      <div ref={container} className="zf-diagram" data-testid="bpmn-diagram" data-zoom-ready={ready ? 'true' : undefined} role="img" aria-label="办理流程图，橙色为当前环节，绿色为已完成环节；可拖动平移、滚轮缩放" />
    </div>
  )
}
