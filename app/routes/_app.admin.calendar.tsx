/**
 * 工作日历: the region's system administrators enter each year's holiday
 * schedule as the State Council notice states it (or import it from a
 * JSON, CSV or iCalendar file), see beforehand which open steps' due dates
 * would move, and save it as a new calendar version that recomputes them.
 * Years not entered are provisional (放假办法). ADR 018.
 */
import { useState } from 'react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Button, Input, List, Space, Tabs, Tag } from 'antd'
import { requirePermission } from '../utils/auth.server.ts'
import { db } from '../utils/db.server.ts'
import { clock } from '../utils/clock.server.ts'
import { actionError, formFields, redirectWithNotice } from '../utils/http.server.ts'
import { workflow } from '../services/workflow/runtime.server.ts'
import {
  calendarVersions, enteredYears, nextYearMissing, previewSchedule, saveSchedule, scheduleFromForm, specialDays, type DueMove,
} from '../services/workflow/calendar-years.server.ts'
import { shanghaiDate } from '../../engine/index.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { Field, TextField, type FieldErrorMap } from '../components/form-fields.tsx'
import { ProvisionalTag } from '../components/provisional-tag.tsx'
import { GeneralErrorBoundary } from '../components/error-boundary.tsx'

export const meta: MetaFunction = () => [{ title: '工作日历 · 执法' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage', 'Calendar')
  const url = new URL(request.url)
  const years = await enteredYears(db)
  const thisYear = Number(shanghaiDate(clock.now()).slice(0, 4))
  const firstProvisional = (years.at(-1)?.year ?? thisYear) + 1
  const asked = Number(url.searchParams.get('year'))
  const shown = Number.isInteger(asked) && asked >= 2000 && asked <= 2099 ? asked : firstProvisional
  const [special, versions, missing] = await Promise.all([specialDays(db, shown), calendarVersions(db, 8), nextYearMissing(db, clock.now())])
  return {
    years: years.map((y) => ({ ...y, updatedAt: y.updatedAt.toISOString() })),
    firstProvisional, shown, special, missing,
    versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
    savedVersion: Number(url.searchParams.get('version')) || null,
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requirePermission(request, 'manage', 'Calendar')
  const fields = await formFields(request)
  try {
    const schedule = scheduleFromForm(fields)
    if (fields.intent === 'save') {
      const note = typeof fields.note === 'string' && fields.note.trim() ? fields.note.trim() : null
      const result = await saveSchedule(db, workflow(), clock, actor, schedule, { source: fields.mode === 'import' ? 'import' : 'admin', note })
      const moved = result.moved.filter((m) => m.moved).length
      return redirectWithNotice(request, `/admin/calendar?year=${schedule.year}&version=${result.version}`, `已录入 ${schedule.year} 年节假日安排（版本 v${result.version}），${moved} 个环节的办理期限已调整`)
    }
    const moves = await previewSchedule(db, workflow(), schedule)
    return { preview: { year: schedule.year, holidays: schedule.holidays, workdays: schedule.workdays, moves } }
  } catch (error) {
    return actionError(error)
  }
}

function Moves({ moves, testId }: { moves: DueMove[]; testId: string }) {
  const moved = moves.filter((m) => m.moved)
  if (moved.length === 0) return <p data-testid={testId}>没有未办结环节的办理期限因此变化。</p>
  return (
    <List
      data-testid={testId} size="small" bordered dataSource={moved}
      renderItem={(m) => (
        <List.Item>
          <div style={{ width: '100%' }}>
            <div>{m.businessKey ? <Link to={`/matters/${m.businessKey}`}>{m.matter}</Link> : null}「<Link to={`/tasks/${m.taskId}`}>{m.name}</Link>」</div>
            <div data-testid="due-move">期限 <s>{m.from}</s> → <strong>{m.to}</strong><ProvisionalTag show={m.provisional} /></div>
          </div>
        </List.Item>
      )}
    />
  )
}

function TextArea({ label, name, errors, placeholder, help, required }: { label: string; name: string; errors: FieldErrorMap; placeholder: string; help: string; required?: boolean }) {
  return (
    <Field label={label} name={name} errors={errors} help={help} required={required}>
      <Input.TextArea id={name} name={name} rows={5} placeholder={placeholder} status={errors?.[name] ? 'error' : undefined} />
    </Field>
  )
}

function FilePicker({ errors }: { errors: FieldErrorMap }) {
  const [file, setFile] = useState<{ name: string; text: string } | null>(null)
  return (
    <Field label="文件（JSON、CSV 或 iCalendar）" name="file" errors={errors} help="CSV 每行「日期,放假或上班,名称」；iCalendar 的事件名如「春节(休)」「春节(班)」；JSON 见 ADR 018">
      <input
        id="file" type="file" accept=".json,.csv,.ics,.ical,application/json,text/csv,text/calendar" data-testid="calendar-file"
        onChange={async (e) => {
          const chosen = e.target.files?.[0]
          setFile(chosen ? { name: chosen.name, text: await chosen.text() } : null)
        }}
      />
      <input type="hidden" name="fileName" value={file?.name ?? ''} />
      <input type="hidden" name="fileText" value={file?.text ?? ''} />
    </Field>
  )
}

export default function CalendarPage() {
  const { years, firstProvisional, shown, special, missing, versions, savedVersion } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const errors = result && 'fieldErrors' in result ? result.fieldErrors : undefined
  const preview = result && 'preview' in result ? result.preview : null
  const busy = useNavigation().state === 'submitting'
  const [mode, setMode] = useState<'enter' | 'import'>('enter')
  const saved = versions.find((v) => v.version === savedVersion)
  return (
    <>
      <h1 className="zf-page-title">工作日历</h1>
      {missing ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="calendar-warning" message={`${missing} 年节假日安排尚未录入，跨入 ${missing} 年的办理期限目前按《全国年节及纪念日放假办法》暂定。`} /> : null}

      {saved ? (
        <section className="zf-section" data-testid="saved-version">
          <h2 className="zf-section-title">版本 v{saved.version}：{saved.year} 年已录入，调整的办理期限</h2>
          <Moves moves={saved.moved} testId="moved-due-dates" />
        </section>
      ) : null}

      <section className="zf-section">
        <h2 className="zf-section-title">已录入的年度</h2>
        <List
          size="small" dataSource={years} data-testid="entered-years"
          renderItem={(y) => (
            <List.Item actions={[<Link key="show" to={`?year=${y.year}`}>查看</Link>]}>
              <Space wrap>
                <strong>{y.year} 年</strong>
                <span>{y.noticeNumber ?? '文号未记录'}</span>
                <span>{y.noticeDate ? `通知日期 ${y.noticeDate}` : ''}</span>
                <Tag>{{ seed: '内置数据', admin: '录入', import: '导入' }[y.source] ?? y.source}</Tag>
                <Tag color="blue">v{y.version}</Tag>
              </Space>
            </List.Item>
          )}
        />
        <p style={{ marginTop: 12 }}>
          {firstProvisional} 年起未录入：按《全国年节及纪念日放假办法》暂定（周末、法定节假日及第六条补假，不含调休上班）。 <Link to={`?year=${firstProvisional}`}>查看 {firstProvisional} 年暂定安排</Link>
        </p>
      </section>

      <section className="zf-section" data-testid="year-days">
        <h2 className="zf-section-title">{shown} 年节假日与调休{special.provisional ? <ProvisionalTag show /> : null}</h2>
        <Space wrap>
          {special.days.map((d) => (
            <Tag key={d.date} color={d.kind === 'workday' ? 'orange' : 'green'}>{d.date} {d.kind === 'workday' ? '上班' : '放假'} {d.name}</Tag>
          ))}
        </Space>
      </section>

      <section className="zf-section">
        <h2 className="zf-section-title">录入或导入一个年度</h2>
        <Form method="post" noValidate data-testid="calendar-form">
          <CsrfInput />
          <input type="hidden" name="mode" value={mode} />
          {result && 'formError' in result && result.formError ? <Alert type="error" showIcon message={result.formError} style={{ marginBottom: 16 }} /> : null}
          <div className="zf-form-grid">
            <TextField label="年度" name="year" errors={errors} required defaultValue={String(firstProvisional)} placeholder="2027" />
            <TextField label="通知文号" name="noticeNumber" errors={errors} required placeholder="国办发明电〔2026〕12号" />
            <TextField label="通知日期" name="noticeDate" errors={errors} required placeholder="2026-11-04" help="写作 2026-11-04" />
            <TextField label="说明" name="note" errors={errors} placeholder="例如：据国务院办公厅通知录入" />
          </div>
          <Tabs
            activeKey={mode} onChange={(key) => setMode(key as 'enter' | 'import')}
            items={[
              {
                key: 'enter', label: '按通知录入',
                children: (
                  <div className="zf-form-grid">
                    <TextArea label="放假安排（每行一项）" name="holidays" errors={errors} required placeholder={'元旦 2027-01-01 至 2027-01-03\n春节 2027-02-05 至 2027-02-11'} help="名称 开始日期 至 结束日期，与通知所列相同" />
                    <TextArea label="调休上班（每行一项）" name="workdays" errors={errors} placeholder={'元旦 2027-01-02\n春节 2027-02-14、2027-02-20'} help="名称 日期、日期（周六或周日）" />
                  </div>
                ),
              },
              { key: 'import', label: '导入文件', children: <FilePicker errors={errors} /> },
            ]}
          />
          <Space wrap>
            <Button htmlType="submit" name="intent" value="preview" loading={busy} data-testid="preview-calendar">预览期限变化</Button>
            {preview ? <Button type="primary" htmlType="submit" name="intent" value="save" loading={busy} data-testid="save-calendar">确认保存为新版本</Button> : null}
          </Space>
        </Form>
        {preview ? (
          <div style={{ marginTop: 16 }} data-testid="calendar-preview">
            <h3>保存 {preview.year} 年后将调整的办理期限</h3>
            <p>放假 {preview.holidays.map((h) => `${h.name} ${h.from}${h.to !== h.from ? ` 至 ${h.to}` : ''}`).join('；')}{preview.workdays.length ? `；调休上班 ${preview.workdays.map((w) => w.date).join('、')}` : ''}</p>
            <Moves moves={preview.moves} testId="preview-moves" />
          </div>
        ) : null}
      </section>

      <section className="zf-section">
        <h2 className="zf-section-title">最近的日历版本</h2>
        <List
          size="small" dataSource={versions} data-testid="calendar-versions"
          renderItem={(v) => (
            <List.Item>
              <Space wrap>
                <Tag color="blue">v{v.version}</Tag>
                <span>{v.year ? `${v.year} 年` : '内置数据'}</span>
                <span>{v.createdByName}</span>
                <span>{v.createdAt.slice(0, 10)}</span>
                <span>{v.changedDays} 天变化</span>
                <span>{v.moved.filter((m) => m.moved).length} 个期限调整</span>
                {v.note ? <span>{v.note}</span> : null}
              </Space>
            </List.Item>
          )}
        />
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
