/**
 * What the procedure journeys do over and over, the way a person does it:
 * open a matter, go from the matter's page to one of its open steps, fill
 * and submit a step's document, approve or return with a comment, and read
 * the numbers of the documents issued on the matter's page.
 */
import fs from 'node:fs'
import path from 'node:path'
import { expect, type Locator, type Page } from '@playwright/test'
import { StepForm } from './step-form.ts'
import { acted, showMatter } from './matter-page.ts'

/** Picks an option of an antd Select (by its data-testid) by typing part of its label. */
export async function pick(page: Page, testId: string, text: string) {
  const select = page.getByTestId(testId)
  await select.click()
  await page.keyboard.type(text)
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click()
}

export interface NewMatter {
  kind: string
  variant?: string
  title: string
  party?: string
  /** Other officers (display names); the one who opens is the first. */
  officers?: string[]
  year?: string
  /** A request's target document (part of its label, e.g. its number) and reason. */
  target?: string
  reason?: string
}

/** Opens a matter through 新建事项; returns its id and number. */
export async function openMatter(page: Page, matter: NewMatter): Promise<{ id: string; number: string }> {
  await page.goto('/matters/new')
  await pick(page, 'select-kind', matter.kind)
  if (matter.variant) await pick(page, 'select-variant', matter.variant)
  await page.locator('#title').fill(matter.title)
  if (matter.party) await pick(page, 'select-partyId', matter.party)
  for (const officer of matter.officers ?? []) {
    await pick(page, 'select-officerIds', officer)
    await page.keyboard.press('Escape')
  }
  if (matter.year) await page.locator('#year').fill(matter.year)
  if (matter.target) await pick(page, 'select-targetDocumentId', matter.target)
  if (matter.reason) await page.locator('#reason').fill(matter.reason)
  await page.getByRole('button', { name: '开启事项' }).click()
  await expect(page).toHaveURL(/\/matters\/[a-z0-9]{20,}$/)
  acted(page)
  const number = (await page.getByTestId('matter-number').innerText()).trim()
  return { id: new URL(page.url()).pathname.split('/').pop()!, number }
}

export function openSteps(page: Page): Locator {
  return page.getByTestId('open-tasks')
}

/** The names of the matter's open steps, as its page lists them. */
export function openStepNames(page: Page): Locator {
  return openSteps(page).locator('.ant-list-item-meta-title')
}

/** From the matter's page to its open step of that name (the person's 去办理). */
export async function goToStep(page: Page, matterId: string, stepName: string) {
  await showMatter(page, matterId)
  // A click that lands while the page hydrates can be lost (the link then neither navigates nor fails): click again.
  const onTask = /\/tasks\/[a-z0-9-]{20,}$/
  await expect(async () => {
    // A 会签 step lists one link per signer's task: any of them.
    if (!onTask.test(page.url())) await openSteps(page).getByRole('link', { name: stepName, exact: true }).first().click({ timeout: 5_000 })
    await expect(page).toHaveURL(onTask, { timeout: 5_000 })
  }).toPass({ timeout: 30_000 })
  await expect(page.getByRole('heading', { level: 1 })).toContainText(stepName)
}

/** Goes to a document step and returns its form, hydrated. */
export async function documentStep(page: Page, matterId: string, stepName: string, formKey: string): Promise<StepForm> {
  await goToStep(page, matterId, stepName)
  return new StepForm(page, formKey).ready()
}

/** Fills a document step with the journey's values and submits it (with an outcome when the step asks for one). */
export async function completeDocumentStep(page: Page, matterId: string, stepName: string, formKey: string, values: Record<string, unknown> = {}, outcome?: string) {
  const form = await documentStep(page, matterId, stepName, formKey)
  await form.fill(values)
  await form.submit(outcome)
}

/** An approval step: the opinion and the decision (同意 / 退回 / …). */
export async function decide(page: Page, matterId: string, stepName: string, outcome: string, comment?: string) {
  await goToStep(page, matterId, stepName)
  if (comment) await page.locator('#comment').fill(comment)
  await page.getByTestId(`outcome-${outcome}`).click()
  await expect(page).toHaveURL(new RegExp(`/matters/${matterId}$`))
  acted(page)
}

/** The number of the matter's issued document with this title, read from its page. */
export async function documentNumber(page: Page, matterId: string, title: string): Promise<string> {
  await showMatter(page, matterId)
  const item = page.getByTestId('matter-documents').locator('.ant-list-item').filter({ hasText: `《${title}》` })
  await expect(item).toHaveCount(1)
  const description = await item.locator('.ant-list-item-meta-description').innerText()
  return description.split(' · ')[0]!.trim()
}

const UNNUMBERED_TRANSCRIPTS = new Set(['询问笔录', '当事人陈述申辩笔录', '听证笔录'])

/**
 * Asserts the matter's page lists exactly these documents (titles, in order of issue) and that each number is on the timeline.
 * A title issued more than once (送达回执) is named once per document; the record keeps its last number.
 * 询问笔录, 当事人陈述申辩笔录 and 听证笔录 are expected unnumbered (不编号（笔录）).
 */
export async function expectDocuments(page: Page, matterId: string, titles: string[]): Promise<Record<string, string>> {
  await showMatter(page, matterId)
  const items = page.getByTestId('matter-documents').locator('.ant-list-item-meta-title')
  await expect(items).toHaveText(titles.map((t) => `《${t}》`))
  const numbers: Record<string, string> = {}
  const seen = new Map<string, number>()
  for (const title of titles) {
    const nth = seen.get(title) ?? 0
    seen.set(title, nth + 1)
    const item = page.getByTestId('matter-documents').locator('.ant-list-item').filter({ hasText: `《${title}》` }).nth(nth)
    const number = (await item.locator('.ant-list-item-meta-description').innerText()).split(' · ')[0]!.trim()
    if (UNNUMBERED_TRANSCRIPTS.has(title)) {
      // The national formats leave these 笔录 unnumbered; the demo departments do not number them.
      expect(number).toBe('不编号（笔录）')
      await expect(page.getByTestId('matter-timeline')).toContainText(`制发《${title}》（笔录不编号）`)
    } else {
      expect(number).toMatch(/^[^〔〕]+〔\d{4}〕\d+号$/)
      await expect(page.getByTestId('matter-timeline')).toContainText(`制发《${title}》${number}`)
    }
    numbers[title] = number
  }
  return numbers
}

/** The matter is finished: no open step, 已办结. */
export async function expectClosed(page: Page, matterId: string) {
  await showMatter(page, matterId)
  await expect(page.getByRole('heading', { level: 1 })).toContainText('已办结')
  await expect(openSteps(page)).toContainText('事项已办结')
}

/** The server's day during the browser tests (see clock.json and start-server.mjs): Monday 2 March 2026. */
export const today: string = (JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'clock.json'), 'utf8')) as { today: string }).today

export const COMMITTEE_STEP = '案件审理委员会审查决定'

/**
 * A member records the 案审会 on the committee step: types the minutes, chooses the attendees from the
 * committee's accounts (by name), each one's vote and opinion, and the chair, then asks them to confirm.
 */
export async function recordCommitteeMinutes(page: Page, matterId: string, values: Record<string, unknown>, meeting: { chair: string; votes: Array<[name: string, vote: '同意' | '不同意' | '弃权']>; posts?: Record<string, string> }) {
  const form = await documentStep(page, matterId, COMMITTEE_STEP, 'committee-minutes')
  await form.fill(values)
  const editor = page.getByTestId('attendance-editor')
  for (const [name] of meeting.votes) {
    // Attendees of minutes recorded before are chosen already (choosing one again would drop them).
    if (await page.getByTestId('select-attendees').locator('.ant-select-selection-item').filter({ hasText: name }).count()) continue
    // Into the search box itself: a click on the middle of the select could land on a chosen name's ✕ and drop it.
    await page.locator('#attendance-attendees').click()
    await page.keyboard.type(name)
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name }).first().click()
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('select-attendees').locator('.ant-select-selection-item').filter({ hasText: name })).toHaveCount(1)
  }
  for (const [name, vote] of meeting.votes) {
    const row = editor.locator('[data-testid^="attendee-"]').filter({ hasText: name })
    await row.getByText(vote, { exact: true }).click()
    await row.getByLabel(`${name}的意见`).fill(vote === '同意' ? '事实清楚，证据确凿，同意。' : '本人另有意见。')
    const post = meeting.posts?.[name]
    if (post) await row.getByLabel(`${name}的职务`).fill(post)
  }
  await pick(page, 'select-chair', meeting.chair)
  await page.getByTestId('record-minutes').click()
  await expect(page.getByTestId('committee-attendees').locator('.ant-list-item')).toHaveCount(meeting.votes.length)
  await expect(page.getByTestId('committee-attendees')).toContainText(`${meeting.chair}`)
  for (const [name, post] of Object.entries(meeting.posts ?? {})) {
    await expect(page.getByTestId('committee-attendees').locator('.ant-list-item').filter({ hasText: name })).toContainText(post)
  }
}

/** An attendee, signed in as themself, opens the committee step from the matter's page and confirms the minutes. */
export async function confirmCommitteeMinutes(page: Page, matterId: string) {
  await goToStep(page, matterId, COMMITTEE_STEP)
  await page.getByTestId('confirm-minutes').click()
  await expect(page.getByTestId('confirm-minutes')).toHaveCount(0)
  await expect(page.getByTestId('committee-attendees')).toContainText('已确认')
}
