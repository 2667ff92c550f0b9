import { test, expect } from '../fixtures.ts'
import { COMMITTEE_STEP, completeDocumentStep, confirmCommitteeMinutes, documentStep, expectDocuments, goToStep, openMatter, openStepNames, recordCommitteeMinutes } from '../procedures.ts'

// Given Monday 2 March 2026: a Huocheng coercion case goes to the county's case committee, which has five
// members (叶尔兰 and 彭飞, the heads, and 范志刚, 古丽巴哈尔·艾力, 刘洋). Art. 12; docs/decisions/021.
// Each test signs several people in (every attendee confirms under their own sign-in): more time than a one-person step.
test.describe.configure({ mode: 'serial', timeout: 240_000 })

const party = '霍城县惠远烟花爆竹批发有限公司'
const caseName = '烟花爆竹仓库超量储存重大事故隐患案'
const minutes = { caseName, meetingTime: '2026-03-02T16:00:00+08:00', decision: '同意查封超量储存的烟花爆竹仓库。' }
let matter = { id: '', number: '' }

test('a Huocheng officer asks for review and the legal office sends the case to the case committee', async ({ desk }) => {
  const officer = await desk.as('huocheng-officer')
  matter = await openMatter(officer, { kind: '行政强制案件', variant: '一般程序', title: `${caseName}-${Date.now().toString(36)}`, party, officers: ['曹阳'] })
  await completeDocumentStep(officer, matter.id, '提请案件审查', 'case-review-request', {
    caseName, facts: '三号仓库烟花爆竹储存量超过核定存量的两倍，属于重大事故隐患。', proposal: '查封三号仓库。',
  })
  const legal = await desk.as('huocheng-legal')
  await completeDocumentStep(legal, matter.id, '法制审核', 'legal-review-opinion', { caseName, receivedDate: '2026-03-02' }, 'committee')
  await expect(openStepNames(legal)).toHaveText([COMMITTEE_STEP])
})

test('one of five members attending, agreeing and confirming is refused: the step stays open and says the quorum is missing', async ({ desk, allowConsoleError }) => {
  allowConsoleError(/status of 409/)
  const member = await desk.as('huocheng-committee')
  await recordCommitteeMinutes(member, matter.id, minutes, { chair: '范志刚', votes: [['范志刚', '同意']] })
  await confirmCommitteeMinutes(member, matter.id)
  await member.getByTestId('outcome-approve').click()
  await expect(member.getByTestId('step-error')).toContainText('出席委员 1 人，不足法定人数：本委员会共有委员 5 人，须超过半数，即至少 3 名委员出席。')
  await expect(member.getByTestId('committee-missing')).toContainText('不足法定人数')
  // Nothing decided, nothing issued: the minutes are not a document yet.
  await expectDocuments(member, matter.id, ['法制审核（审理）意见'])
  await expect(openStepNames(member)).toHaveText([COMMITTEE_STEP])
})

test('three of five attend and agree; the step waits until each has confirmed under their own sign-in, then passes', async ({ desk, allowConsoleError }) => {
  allowConsoleError(/status of 409/)
  const member = await desk.as('huocheng-committee')
  await recordCommitteeMinutes(member, matter.id, minutes, { chair: '叶尔兰', votes: [['范志刚', '同意'], ['叶尔兰', '同意'], ['古丽巴哈尔·艾力', '同意']] })
  // The revised minutes need every confirmation again.
  await expect(member.getByTestId('committee-missing')).toContainText('尚有 3 名出席人员未在系统内确认纪要')

  // A member who did not attend may read the step but has nothing to confirm.
  const absent = await desk.as('huocheng-committee3')
  await goToStep(absent, matter.id, COMMITTEE_STEP)
  await expect(absent.getByTestId('committee-attendees')).toContainText('叶尔兰')
  await expect(absent.getByTestId('confirm-minutes')).toHaveCount(0)

  await confirmCommitteeMinutes(member, matter.id)
  await confirmCommitteeMinutes(await desk.as('huocheng-principal'), matter.id)
  await goToStep(member, matter.id, COMMITTEE_STEP)
  await member.getByTestId('outcome-approve').click()
  await expect(member.getByTestId('step-error')).toContainText('尚有 1 名出席人员未在系统内确认纪要：古丽巴哈尔·艾力。')

  await confirmCommitteeMinutes(await desk.as('huocheng-committee2'), matter.id)
  const form = await documentStep(member, matter.id, COMMITTEE_STEP, 'committee-minutes')
  await expect(member.getByTestId('committee-ready')).toBeVisible()
  await form.submit('approve')
  await expect(member.getByTestId('matter-timeline')).toContainText('作出案件审理审查决定')
  await expectDocuments(member, matter.id, ['法制审核（审理）意见', '案件审理委员会会议纪要'])
  await expect(openStepNames(member)).toHaveText(['制作案件处理呈批表'])
})
