/**
 * Saves a form's draft as the user types, so a closed tab or a dropped
 * connection loses nothing:
 * - every change goes to localStorage at once (this device), then, debounced,
 *   to the server with the revision it started from (the CSRF token in the
 *   `X-CSRF-Token` header);
 * - offline, changes stay on the device and are sent when the browser is
 *   back online (and retried while the server cannot be reached);
 * - on load, unsent changes found on the device replace the server's draft
 *   and are sent, unless the server's draft moved on meanwhile (another tab
 *   or device): then the user chooses;
 * - a save refused because another tab saved first (409) stops autosave
 *   until the user chooses which text to keep.
 */
import { useCallback, useEffect, useRef, useState } from 'react'

export type DraftState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'offline' }
  | { kind: 'failed'; message: string }
  | { kind: 'signed-out' }
  | { kind: 'conflict'; currentRevision: number; onLoad: boolean }

interface LocalEntry {
  data: unknown
  baseRevision: number
  changedAt: string
}

export interface DraftAutosaveOptions {
  /** Resource route taking `{ data, baseRevision, subject }` and answering `{ revision, savedAt }`. */
  saveUrl: string
  storageKey: string
  subject: string | null
  csrf: string
  /** The server's draft as loaded with the page (null when there was none). */
  serverDraft: { revision: number; data: unknown } | null
  /** Called when unsent changes from this device replace what the page loaded. */
  onRestore: (data: unknown) => void
  debounceMs?: number
}

const RETRY_OFFLINE_MS = 5_000
const RETRY_FAILED_MS = 15_000

function readLocal(key: string): LocalEntry | null {
  try {
    const text = window.localStorage.getItem(key)
    return text ? (JSON.parse(text) as LocalEntry) : null
  } catch {
    return null
  }
}

function writeLocal(key: string, entry: LocalEntry) {
  try {
    window.localStorage.setItem(key, JSON.stringify(entry))
  } catch {
    // Storage full or disabled: the server save still runs.
  }
}

function removeLocal(key: string) {
  try {
    window.localStorage.removeItem(key)
  } catch {
    // nothing to do
  }
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

export function useDraftAutosave(options: DraftAutosaveOptions) {
  const { saveUrl, storageKey, subject, csrf, serverDraft, debounceMs = 800 } = options
  const [state, setState] = useState<DraftState>({ kind: 'idle' })
  const [restored, setRestored] = useState(false)
  const onRestore = useRef(options.onRestore)
  onRestore.current = options.onRestore

  const revision = useRef(serverDraft?.revision ?? 0)
  const latest = useRef<unknown>(serverDraft?.data ?? null)
  const dirty = useRef(false)
  const changeSeq = useRef(0)
  const blocked = useRef(false)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const inflight = useRef<Promise<boolean> | null>(null)
  const conflictLocal = useRef<unknown>(null)

  const schedule = useCallback((ms: number) => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      timer.current = null
      void saveRef.current()
    }, ms)
  }, [])

  const sendOnce = useCallback(async (): Promise<boolean> => {
    if (!dirty.current || blocked.current) return !dirty.current
    if (!navigator.onLine) {
      setState({ kind: 'offline' })
      return false
    }
    const seq = changeSeq.current
    const data = latest.current
    setState({ kind: 'saving' })
    let response: Response
    try {
      response = await fetch(saveUrl, {
        method: 'POST',
        credentials: 'same-origin',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ data, baseRevision: revision.current, subject }),
      })
    } catch {
      setState({ kind: 'offline' })
      schedule(RETRY_OFFLINE_MS)
      return false
    }
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      setState({ kind: 'signed-out' })
      return false
    }
    const body = (await response.json().catch(() => ({}))) as { revision?: number; savedAt?: string; currentRevision?: number; message?: string }
    if (response.status === 409 && typeof body.currentRevision === 'number') {
      blocked.current = true
      setState({ kind: 'conflict', currentRevision: body.currentRevision, onLoad: false })
      return false
    }
    if (!response.ok || typeof body.revision !== 'number') {
      setState({ kind: 'failed', message: body.message ?? `服务器暂时无法保存（${response.status}）` })
      if (response.status >= 500) schedule(RETRY_FAILED_MS)
      return false
    }
    revision.current = body.revision
    if (changeSeq.current === seq) {
      dirty.current = false
      removeLocal(storageKey)
      setState({ kind: 'saved', at: body.savedAt ?? new Date().toISOString() })
    } else {
      // Typed on while this save was under way: keep the newer text and its new base.
      writeLocal(storageKey, { data: latest.current, baseRevision: revision.current, changedAt: new Date().toISOString() })
    }
    return true
  }, [saveUrl, csrf, subject, storageKey, schedule])

  /** Sends until nothing is left or a save fails; one at a time. */
  const save = useCallback(async (): Promise<boolean> => {
    while (inflight.current) await inflight.current
    while (dirty.current && !blocked.current) {
      inflight.current = sendOnce()
      const ok = await inflight.current
      inflight.current = null
      if (!ok) return false
    }
    return !dirty.current
  }, [sendOnce])
  const saveRef = useRef(save)
  saveRef.current = save

  const change = useCallback((data: unknown) => {
    if (sameJson(data, latest.current) && !dirty.current) return
    latest.current = data
    dirty.current = true
    changeSeq.current += 1
    writeLocal(storageKey, { data, baseRevision: revision.current, changedAt: new Date().toISOString() })
    if (blocked.current) return
    if (!navigator.onLine) {
      setState({ kind: 'offline' })
      return
    }
    setState({ kind: 'pending' })
    schedule(debounceMs)
  }, [storageKey, debounceMs, schedule])

  /** Saves now (before submitting); false when the text could not reach the server. */
  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    return save()
  }, [save])

  /** Conflict: keep this page's (or this device's) text and save it over the newer draft. */
  const keepMine = useCallback((currentRevision: number) => {
    if (conflictLocal.current !== null) {
      onRestore.current(conflictLocal.current)
      latest.current = conflictLocal.current
      conflictLocal.current = null
    }
    revision.current = currentRevision
    blocked.current = false
    dirty.current = true
    changeSeq.current += 1
    void save()
  }, [save])

  /** Conflict: drop this page's text and load the newer draft. */
  const takeTheirs = useCallback(() => {
    removeLocal(storageKey)
    window.location.reload()
  }, [storageKey])

  // Unsent changes left on this device by a closed tab or a lost connection.
  useEffect(() => {
    const entry = readLocal(storageKey)
    if (!entry) return
    const serverRevision = serverDraft?.revision ?? 0
    if ((!serverDraft && entry.baseRevision > 0) || (serverDraft && sameJson(entry.data, serverDraft.data))) {
      // The draft was issued or discarded since, or the server already has this text.
      removeLocal(storageKey)
      return
    }
    if (entry.baseRevision >= serverRevision) {
      onRestore.current(entry.data)
      latest.current = entry.data
      dirty.current = true
      changeSeq.current += 1
      setRestored(true)
      setState({ kind: 'pending' })
      schedule(0)
      return
    }
    conflictLocal.current = entry.data
    blocked.current = true
    setState({ kind: 'conflict', currentRevision: serverRevision, onLoad: true })
    // Only on mount: the page's own draft is what the local entry is compared with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useEffect(() => {
    const online = () => {
      if (dirty.current) void saveRef.current()
    }
    const offline = () => {
      if (dirty.current && !blocked.current) setState({ kind: 'offline' })
    }
    // Closing the tab: one last try that outlives the page (the text is on the device anyway).
    const leaving = () => {
      if (!dirty.current || blocked.current || !navigator.onLine) return
      const body = JSON.stringify({ data: latest.current, baseRevision: revision.current, subject })
      if (body.length > 60_000) return
      void fetch(saveUrl, { method: 'POST', keepalive: true, credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body }).catch(() => {})
    }
    window.addEventListener('online', online)
    window.addEventListener('offline', offline)
    window.addEventListener('pagehide', leaving)
    return () => {
      window.removeEventListener('online', online)
      window.removeEventListener('offline', offline)
      window.removeEventListener('pagehide', leaving)
      if (timer.current) clearTimeout(timer.current)
    }
  }, [saveUrl, csrf, subject])

  /** The server draft's revision this page's text is based on (what a migration must name). */
  const currentRevision = useCallback(() => revision.current, [])

  return { state, restored, change, flush, keepMine, takeTheirs, currentRevision }
}
