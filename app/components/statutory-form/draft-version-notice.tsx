/**
 * Shown where a draft is opened when a newer version of its form is in force
 * (docs/decisions/039): what changed, what moving the draft would mean, and
 * the choice — 迁移到新版本, or 保持 the draft's version. Keeping writes
 * nothing; it hides the notice for that version on this device. A version the
 * draft cannot move to says why, and only offers keeping.
 */
import { Alert, Button, Space } from 'antd'
import { useEffect, useState } from 'react'
import type { DraftVersionOffer } from '../../services/documents/draft-migration.server.ts'

/** The offer as the loaders send it; the page posts the revision it holds, not the offer's. */
export type DraftVersionOfferView = Omit<DraftVersionOffer, 'revision'>

const listed = (labels: string[]) => labels.map((l) => `「${l}」`).join('、')

function dismissedKey(offer: DraftVersionOfferView): string {
  return `zhifa.draft-offer-kept:${offer.draftId}:${offer.toVersion}`
}

function readDismissed(key: string): boolean {
  try {
    return window.localStorage.getItem(key) === '1'
  } catch {
    return false
  }
}

function writeDismissed(key: string) {
  try {
    window.localStorage.setItem(key, '1')
  } catch {
    // Storage disabled: the notice comes back on the next visit, nothing else changes.
  }
}

export function DraftVersionNotice({ offer, formTitle, busy, error, onMigrate }: {
  offer: DraftVersionOfferView
  formTitle: string
  busy: boolean
  /** The server's refusal of the last attempt (the draft changed meanwhile, or it can no longer move). */
  error?: string
  onMigrate: () => void
}) {
  const key = dismissedKey(offer)
  // Unknown until hydrated: the choice to keep lives on this device.
  const [dismissed, setDismissed] = useState<boolean | null>(null)
  useEffect(() => setDismissed(readDismissed(key)), [key])
  if (dismissed !== false) return null
  const keep = () => {
    writeDismissed(key)
    setDismissed(true)
  }
  const lines = offer.compatible
    ? [
      offer.matterId ? `迁移后，本事项此后制作的「${formTitle}」都使用第 ${offer.toVersion} 版。` : '',
      offer.toFill.length ? `新版本要求填写${listed(offer.toFill)}：迁移后须填写，才能提交。` : '',
      offer.dropped.length ? `新版本不再有${listed(offer.dropped)}：迁移后不再保留这些内容。` : '',
      offer.filled.length ? `新版本的${listed(offer.filled)}将按默认值填写。` : '',
      offer.toFill.length || offer.dropped.length || offer.filled.length || offer.matterId ? '' : '草稿内容可原样迁移。',
    ].filter(Boolean)
    : [`草稿不能迁移到第 ${offer.toVersion} 版，仍按第 ${offer.fromVersion} 版填写和提交：`]
  return (
    <Alert
      type={offer.compatible ? 'info' : 'warning'} showIcon className="zf-form-alert" data-testid="draft-version-notice"
      title={`表单已有新版本（第 ${offer.toVersion} 版${offer.changeNote ? `，变更说明：${offer.changeNote}` : ''}）`}
      description={(
        <>
          {lines.map((line) => <p key={line} style={{ margin: '0 0 4px' }}>{line}</p>)}
          {offer.compatible ? null : <ul className="zf-changes" data-testid="draft-version-reasons">{offer.reasons.map((r) => <li key={r}>{r}</li>)}</ul>}
          {error ? <p role="alert" className="zf-field-error" data-testid="draft-migration-error">{error}</p> : null}
          <Space wrap style={{ marginTop: 8 }}>
            {offer.compatible ? (
              <Button type="primary" loading={busy} onClick={onMigrate} data-testid="migrate-draft">迁移到新版本</Button>
            ) : null}
            <Button onClick={keep} disabled={busy} data-testid="keep-draft-version">保持第 {offer.fromVersion} 版</Button>
          </Space>
        </>
      )}
    />
  )
}
