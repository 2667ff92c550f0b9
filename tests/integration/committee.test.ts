/**
 * 案审会 (第十二条; docs/decisions/021): the committee's decision is taken by
 * a quorum of its members, a majority of the attendees agreeing, and every
 * attendee's own confirmation of the minutes in the system. The Yining
 * committee has five members (谢东, 苏萍, 阿迪力·库尔班, and the heads 韩冰
 * and 巴特尔, who are members too).
 */
import { beforeAll, expect, it } from 'vitest'
import { describeEachDatabase } from '../support/databases.ts'
import { example, prepareProcedures, registry, type Procedures } from '../support/workflow.ts'
import { ManualClock, type TaskView } from '../../engine/index.ts'
import { CommitteeDecisionIncomplete, committeeStatus, confirmMinutes, listCommittees, minutesForCompletion, recordMinutes, setQuorum, type Vote } from '../../app/services/workflow/committee.server.ts'
import { Conflict, Forbidden, InvalidInput } from '../../app/services/errors.ts'

describeEachDatabase('a case committee decides collectively', (ctx) => {
  const clock = new ManualClock('2026-03-02T09:00:00+08:00')
  let p: Procedures
  let matterId = ''
  let instanceId = ''
  let task: TaskView

  beforeAll(async () => {
    p = await prepareProcedures(ctx.db, clock)
    ;({ matterId, instanceId } = await p.open('yining-officer', { kind: 'penalty-case', variant: 'general', title: '金穗面粉粉尘爆炸场所未装监测报警案', party: '伊宁县金穗面粉加工厂' }))
    await p.act('yining-officer', instanceId, 'draftFiling')
    await p.act('yining-supervisor', instanceId, 'reviewFiling', { outcome: 'approve' })
    await p.act('yining-deputy', instanceId, 'approveFiling', { outcome: 'approve' })
    await p.act('yining-officer', instanceId, 'inquiryNotice')
    await p.act('yining-officer', instanceId, 'inquiryRecord', { outcome: 'done' })
    await p.act('yining-legal', instanceId, 'legalReview', { outcome: 'committee' })
    task = await p.taskOf('yining-committee', instanceId, 'committeeDecision')
  })

  const id = async (login: string) => (await p.as(login)).id
  async function record(votes: Record<string, Vote>, chair = Object.keys(votes)[0]!, recorder = 'yining-committee', posts: Record<string, string> = {}) {
    clock.advance({ minutes: 1 })
    return recordMinutes({ db: ctx.db, clock, registry }, await p.as(recorder), task.id, {
      payload: example('committee-minutes', { decision: '对当事人处以罚款人民币三万元。' }),
      attendance: {
        chairId: await id(chair),
        attendees: await Promise.all(Object.entries(votes).map(async ([login, vote]) => ({ userId: await id(login), vote, opinion: `${vote}。`, post: posts[login] }))),
      },
    })
  }
  async function confirm(login: string) {
    clock.advance({ minutes: 1 })
    return confirmMinutes({ db: ctx.db, clock }, await p.as(login), task.id)
  }
  const complete = async () => p.act('yining-committee', instanceId, 'committeeDecision', { outcome: 'approve' })
  async function refusal(): Promise<string> {
    const error = await complete().then(() => null, (e: unknown) => e)
    expect(error).toBeInstanceOf(CommitteeDecisionIncomplete)
    expect((await ctx.db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('open')
    expect(await p.gates(matterId)).toEqual([])
    expect((await p.documents(matterId)).map(([form]) => form)).not.toContain('committee-minutes')
    return (error as Error).message
  }

  it('should refuse a single member closing the step without minutes, and say that the minutes are missing', async () => {
    await expect(p.act('yining-committee', instanceId, 'committeeDecision', { outcome: 'approve', payload: example('committee-minutes') })).rejects.toThrow('尚未记录会议纪要')
    expect((await p.documents(matterId)).map(([form]) => form)).not.toContain('committee-minutes')
  })

  it('should refuse to list as an attendee someone who is neither a member of this committee nor a head of the organ', async () => {
    for (const outsider of ['yining-officer', 'huocheng-committee']) {
      const error = await record({ 'yining-principal': '同意', [outsider]: '同意' }).then(() => null, (e: unknown) => e)
      expect(error).toBeInstanceOf(InvalidInput)
      expect((error as InvalidInput).fieldErrors.attendance).toContain('第 2 名出席人员不是本机关案件审理委员会委员或负责同志，不能列为出席人员')
    }
    await expect(record({ 'yining-committee': '同意' }, 'yining-deputy')).rejects.toThrow(InvalidInput)
    expect(await ctx.db.committeeMinutes.count()).toBe(0)
  })

  it('should refuse one of five members attending, though agreeing and confirmed: no quorum', async () => {
    await record({ 'yining-committee': '同意' })
    await confirm('yining-committee')
    expect(await refusal()).toContain('出席委员 1 人，不足法定人数：本委员会共有委员 5 人，须超过半数，即至少 3 名委员出席。')
  })

  it('should refuse three attending when only one agrees, and a revision of the minutes needs every confirmation again', async () => {
    await record({ 'yining-principal': '同意', 'yining-committee': '不同意', 'yining-committee2': '弃权' })
    expect((await committeeStatus(ctx.db, task.id)).unconfirmed).toEqual(['巴特尔', '谢东', '苏萍'])
    for (const login of ['yining-principal', 'yining-committee', 'yining-committee2']) await confirm(login)
    expect(await refusal()).toBe('案件审理委员会的集体讨论尚未完成，本环节不能办结：同意 1 票，未超过出席人员（3 人）的半数，至少须 2 票同意。')
  })

  it('should let only the attendees confirm, each for themselves', async () => {
    await expect(confirm('yining-committee3')).rejects.toBeInstanceOf(Forbidden)
    await expect(confirm('yining-officer')).rejects.toThrow('您不是本次案件审理委员会会议的出席人员')
    expect(await ctx.db.committeeConfirmation.count({ where: { userId: await id('yining-committee3') } })).toBe(0)
  })

  it('should refuse an attendee\'s 职务 (post) longer than the minutes can print, recording nothing', async () => {
    const before = await ctx.db.committeeMinutes.findUniqueOrThrow({ where: { taskId: task.id }, select: { revision: true } })
    const error = await record({ 'yining-principal': '同意', 'yining-committee': '同意' }, 'yining-principal', 'yining-committee', { 'yining-principal': '局长'.repeat(21) })
      .then(() => null, (e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidInput)
    expect((error as InvalidInput).fieldErrors.attendance).toContain('「巴特尔」的职务应为 2 至 40 个字符')
    expect((await ctx.db.committeeMinutes.findUniqueOrThrow({ where: { taskId: task.id }, select: { revision: true } })).revision).toBe(before.revision)
  })

  it('should refuse while an attendee has not confirmed, naming who', async () => {
    await record({ 'yining-principal': '同意', 'yining-committee': '同意', 'yining-committee2': '同意' }, 'yining-principal', 'yining-committee', { 'yining-principal': '局长', 'yining-committee2': '执法支队队长' })
    await confirm('yining-principal')
    await confirm('yining-committee')
    expect(await refusal()).toContain('尚有 1 名出席人员未在系统内确认纪要：苏萍。')
  })

  it('should count the quorum by the committee setting stored as data (two thirds: four of five), never set below half', async () => {
    await confirm('yining-committee2')
    const code = 'ili.yining-county.case-committee'
    await expect(setQuorum({ db: ctx.db, clock }, code, 1, 3)).rejects.toThrow('不低于半数')
    await expect(setQuorum({ db: ctx.db, clock }, 'ili.yining-county', 2, 3)).rejects.toThrow('未找到案件审理委员会')
    await setQuorum({ db: ctx.db, clock }, code, 2, 3)
    expect((await listCommittees(ctx.db)).find((c) => c.code === code)).toMatchObject({ quorum: '2/3', needed: 4, members: expect.arrayContaining(['谢东', '巴特尔']) as unknown })
    expect(await refusal()).toContain('须超过2/3，即至少 4 名委员出席')
    await setQuorum({ db: ctx.db, clock }, code, 1, 2)
    expect(await ctx.db.auditEntry.count({ where: { action: 'committee.quorum.set' } })).toBe(2)
  })

  it('should refuse minutes other than the confirmed ones', async () => {
    const confirmed = await minutesForCompletion(ctx.db, task.id)
    const forged = { ...confirmed, decision: '不予处罚。' }
    await expect(p.act('yining-committee', instanceId, 'committeeDecision', { outcome: 'approve', payload: forged })).rejects.toBeInstanceOf(Conflict)
    await expect(minutesForCompletion(ctx.db, task.id, forged)).rejects.toThrow('纪要内容与提请出席人员确认的版本不一致')
  })

  it('should pass with three of five attending and agreeing, each having confirmed: the gate is recorded and the minutes print attendees, chair, votes and confirmations', async () => {
    await complete()
    expect(await p.gates(matterId)).toEqual(['case-review'])
    const minutes = await ctx.db.document.findFirstOrThrow({ where: { subjectId: matterId, formKey: 'committee-minutes' } })
    const data = minutes.data as { host: string; attendees: Array<{ name: string; vote: string }>; confirmations: Array<{ name: string; confirmedAt: string }> }
    expect(data.host).toBe('巴特尔')
    expect(data.attendees.map((a) => [a.name, a.vote])).toEqual([['巴特尔', '同意'], ['谢东', '同意'], ['苏萍', '同意']])
    // Each attendee's 职务 as the recorder typed it, beside the system's 身份 (national 出席人员姓名及职务).
    expect(data.attendees.map((a) => (a as { post?: string }).post ?? null)).toEqual(['局长', null, '执法支队队长'])
    expect(data.confirmations.map((c) => c.name)).toEqual(['巴特尔', '谢东', '苏萍'])
    expect(data.confirmations[0]!.confirmedAt).toMatch(/^2026-03-02T09:\d\d:00\+08:00$/)
    const audit = await ctx.db.auditEntry.findMany({ where: { targetId: task.id, action: { startsWith: 'committee.' } }, orderBy: { seq: 'asc' }, select: { action: true, actorName: true } })
    expect(audit.filter((a) => a.action === 'committee.minutes.record')).toHaveLength(3)
    expect(audit.filter((a) => a.action === 'committee.minutes.confirm').map((a) => a.actorName)).toEqual(['谢东', '巴特尔', '谢东', '苏萍', '巴特尔', '谢东', '苏萍'])
    await expect(confirm('yining-committee')).rejects.toThrow('该环节已办结')
  })
})
