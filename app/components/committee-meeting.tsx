/**
 * The 案审会 step's collective part (docs/decisions/021): who attended,
 * who chaired, how each voted and what each said, chosen from accounts;
 * which attendees have confirmed the minutes under their own sign-in; and
 * what is still missing before the step can be completed.
 */
import { Form, useNavigation } from '@remix-run/react'
import { Alert, Button, Card, Input, List, Radio, Select, Space, Tag } from 'antd'
import { CsrfInput } from './csrf-input.tsx'
import { VOTES } from '../reference/votes.ts'
import type { CommitteeStatus as CommitteeStatusData } from '../services/workflow/committee.server.ts'

/** The step's collective part as the task page's loader gives it: the server's status, the chair, the recorded minutes, who may attend, and whether this user may confirm. */
export type CommitteeView = CommitteeStatusData & {
  chairId: string | null
  recorded: Record<string, unknown> | null
  eligible: Array<{ id: string; name: string; position: string; member: boolean }>
  mayConfirm: boolean
}

export interface Attendance {
  chairId?: string
  attendees: Array<{ userId: string; vote?: string; opinion?: string; post?: string }>
}

export function initialAttendance(committee: CommitteeView): Attendance {
  return {
    chairId: committee.chairId ?? undefined,
    attendees: committee.attendees.map((a) => ({ userId: a.userId, vote: a.vote, opinion: a.opinion, ...(a.post ? { post: a.post } : {}) })),
  }
}

function shortTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })
}

/** The state of the meeting, for everyone who may see the step; the attendee's 确认 button. */
export function CommitteeStatus({ committee, open }: { committee: CommitteeView; open: boolean }) {
  const busy = useNavigation().state !== 'idle'
  const decision = typeof committee.recorded?.decision === 'string' ? committee.recorded.decision : null
  return (
    <Card title="案审会出席、表决与纪要确认" size="small" style={{ marginBottom: 16 }} data-testid="committee-status">
      <p style={{ marginTop: 0 }}>
        本委员会委员 {committee.members} 人，须超过{committee.quorum.share}（至少 {committee.quorum.needed} 名委员）出席，出席人员过半数同意，且每位出席人员本人登录系统确认纪要后，方可办结。
      </p>
      {open && committee.problems.length ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="committee-missing" message="尚不能办结" description={
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>{committee.problems.map((p) => <li key={p}>{p}</li>)}</ul>
        } />
      ) : open ? <Alert type="success" showIcon style={{ marginBottom: 12 }} data-testid="committee-ready" message="法定人数、表决和纪要确认均已齐备，可以办结。" /> : null}
      {committee.revision ? (
        <>
          <div style={{ marginBottom: 8 }}>第 {committee.revision} 版纪要，{committee.recordedByName} 记录；同意 {committee.agree} 票，出席委员 {committee.attendingMembers} 人。</div>
          {decision ? <div style={{ marginBottom: 8 }}>审理决定：{decision}</div> : null}
          <List size="small" bordered data-testid="committee-attendees" dataSource={committee.attendees} renderItem={(a) => (
            <List.Item>
              <Space wrap>
                <strong>{a.name}</strong>
                <span>{a.post ? `${a.post}（${a.position}）` : a.position}</span>
                {a.chair ? <Tag color="blue">主持人</Tag> : null}
                <Tag color={a.vote === '同意' ? 'green' : a.vote === '不同意' ? 'red' : 'default'}>{a.vote}</Tag>
                <span>{a.opinion}</span>
                {a.confirmedAt ? <Tag color="success">已确认 {shortTime(a.confirmedAt)}</Tag> : <Tag color="orange">待确认</Tag>}
              </Space>
            </List.Item>
          )} />
        </>
      ) : null}
      {committee.mayConfirm ? (
        <Form method="post" style={{ marginTop: 12 }}>
          <CsrfInput />
          <input type="hidden" name="intent" value="confirm-minutes" />
          <Button type="primary" htmlType="submit" loading={busy} data-testid="confirm-minutes">我已核对，确认会议纪要</Button>
        </Form>
      ) : null}
    </Card>
  )
}

/** The recorder's choice of attendees (from accounts), chair, votes and opinions. */
export function AttendanceEditor({ committee, value, onChange, errors }: { committee: CommitteeView; value: Attendance; onChange: (next: Attendance) => void; errors?: string[] }) {
  const byId = new Map(committee.eligible.map((e) => [e.id, e]))
  const chosen = value.attendees.map((a) => a.userId)
  const setAttendees = (ids: string[]) => {
    const kept = new Map(value.attendees.map((a) => [a.userId, a]))
    const attendees = ids.map((id) => kept.get(id) ?? { userId: id })
    onChange({ chairId: ids.includes(value.chairId ?? '') ? value.chairId : undefined, attendees })
  }
  const setOne = (userId: string, change: { vote?: string; opinion?: string; post?: string }) =>
    onChange({ ...value, attendees: value.attendees.map((a) => (a.userId === userId ? { ...a, ...change } : a)) })
  return (
    <fieldset className="zf-section" style={{ border: 0, padding: 0 }} data-testid="attendance-editor">
      <legend style={{ fontWeight: 600 }}>出席人员及表决（从本机关案件审理委员会委员和负责同志中选定）</legend>
      <label htmlFor="attendance-attendees">出席人员</label>
      <Select id="attendance-attendees" mode="multiple" style={{ width: '100%' }} value={chosen} onChange={setAttendees} data-testid="select-attendees"
        optionFilterProp="label" placeholder="选择出席会议的人员"
        options={committee.eligible.map((e) => ({ value: e.id, label: `${e.name}（${e.position}）` }))} />
      {value.attendees.map((a, i) => {
        const who = byId.get(a.userId)
        return (
          <div key={a.userId} data-testid={`attendee-${i}`} style={{ margin: '8px 0', padding: 8, border: '1px solid #f0f0f0', borderRadius: 6 }}>
            <div><strong>{who?.name ?? a.userId}</strong> {who?.position}</div>
            <Input value={a.post ?? ''} onChange={(e) => setOne(a.userId, { post: e.target.value })} maxLength={40}
              placeholder="职务（如 副局长），印在纪要的出席人员栏" aria-label={`${who?.name ?? ''}的职务`} style={{ margin: '4px 0' }} />
            <Radio.Group value={a.vote} onChange={(e) => setOne(a.userId, { vote: e.target.value as string })} aria-label={`${who?.name ?? ''}的表决`}
              options={VOTES.map((v) => ({ value: v, label: v }))} />
            <Input value={a.opinion ?? ''} onChange={(e) => setOne(a.userId, { opinion: e.target.value })} maxLength={500}
              placeholder="发表的意见" aria-label={`${who?.name ?? ''}的意见`} style={{ marginTop: 4 }} />
          </div>
        )
      })}
      <label htmlFor="attendance-chair">主持人</label>
      <Select id="attendance-chair" style={{ width: '100%' }} value={value.chairId} onChange={(chairId: string) => onChange({ ...value, chairId })}
        data-testid="select-chair" placeholder="从出席人员中选定" optionFilterProp="label"
        options={chosen.map((id) => ({ value: id, label: byId.get(id)?.name ?? id }))} />
      {errors?.length ? <div className="zf-field-error" role="alert" data-testid="attendance-errors">{errors.join('；')}</div> : null}
    </fieldset>
  )
}
