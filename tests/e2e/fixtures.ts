/**
 * Shared fixtures: every test fails on an unexpected console.error in the
 * page, and `signIn` signs a demo account in through the real form. A
 * journey passes a case from person to person with `desk.as(loginName)`:
 * each person signs in once (over HTTP, see `signInOverHttp`), in a browser
 * of their own, for the whole journey (the tests of a serial journey share
 * them). The desk is cleared when the worker moves on to another file: pages
 * left open kept their renderers (and any polling) busy for the rest of the
 * run, and on two cores a run's tests became several times slower.
 */
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { phone } from './devices.ts'

export const DEMO_PASSWORD = 'zhifa2026demo'

export async function signIn(page: Page, loginName: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.locator('#loginName').fill(loginName)
  await page.locator('#password').fill(password)
  await page.getByRole('button', { name: /登\s*录/ }).click()
  await expect(page.getByTestId('current-user')).toBeVisible()
}

/**
 * Signs a person in with the request the sign-in form posts (its CSRF token,
 * its fields, the page's origin), into the browser context's cookies. The
 * journeys' people sign in this way: the form itself is driven by `signIn`
 * in the specs about signing in, and a page load less per person keeps the
 * journeys within CI's time on two cores.
 */
async function signInOverHttp(context: BrowserContext, baseURL: string, loginName: string, password = DEMO_PASSWORD) {
  const form = await context.request.get('/login')
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1]
  expect(csrf, 'the sign-in page carries a CSRF token').toBeTruthy()
  const response = await context.request.post('/login', {
    form: { csrf: csrf!, loginName, password, redirectTo: '' },
    headers: { origin: new URL(baseURL).origin },
    maxRedirects: 0,
  })
  expect(response.status(), `${loginName} is signed in`).toBe(302)
}

/** Opens a menu entry the way the user would: through the drawer on a phone. */
export async function openMenu(page: Page, label: string) {
  const button = page.getByTestId('nav-button')
  if (await button.isVisible()) await button.click()
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: label }).click()
}

/** Console errors of the desk's pages, which outlive a single test. */
const deskErrors: string[] = []

function watchConsole(page: Page, sink: string[]) {
  page.on('console', (message) => {
    if (message.type() === 'error') sink.push(`${message.text()} (${page.url()})`)
  })
  page.on('pageerror', (error) => sink.push(`${error.message} (${page.url()})`))
}

export interface Desk {
  /** The person's page, signed in (once per journey); `phone` opens it on a phone-sized screen instead. */
  as(loginName: string, options?: { phone?: boolean }): Promise<Page>
}

function openDesk(browser: Browser, use: Record<string, unknown>): { desk: Desk; close(): Promise<void> } {
  const pages = new Map<string, Promise<Page>>()
  const contexts: BrowserContext[] = []
  const common = { ...(use.contextOptions as object | undefined), baseURL: use.baseURL as string, locale: use.locale as string, timezoneId: use.timezoneId as string }
  return {
    desk: {
      as(loginName, options = {}) {
        const key = `${loginName}${options.phone ? '@phone' : ''}`
        if (!pages.has(key)) {
          pages.set(key, (async () => {
            const context = await browser.newContext(options.phone ? { ...common, ...phone } : { ...common, viewport: use.viewport as { width: number; height: number } })
            contexts.push(context)
            await signInOverHttp(context, common.baseURL, loginName)
            const page = await context.newPage()
            watchConsole(page, deskErrors)
            await page.goto('/')
            await expect(page.getByTestId('current-user')).toBeVisible()
            return page
          })())
        }
        return pages.get(key)!
      },
    },
    async close() {
      const open = contexts.splice(0)
      pages.clear()
      await Promise.all(open.map((c) => c.close()))
    },
  }
}

export const test = base.extend<{ desk: Desk; consoleErrors: { seen: string[]; allowed: RegExp[] }; allowConsoleError: (pattern: RegExp) => void }, { workerDesk: { desk: Desk; close(): Promise<void>; file?: string } }>({
  workerDesk: [async ({ browser }, use, workerInfo) => {
    const opened = openDesk(browser, workerInfo.project.use as Record<string, unknown>)
    await use(opened)
    await opened.close()
  }, { scope: 'worker' }],
  desk: async ({ workerDesk }, use, testInfo) => {
    if (workerDesk.file !== testInfo.file) {
      await workerDesk.close()
      workerDesk.file = testInfo.file
    }
    await use(workerDesk.desk)
  },
  consoleErrors: [async ({ page }, use, testInfo) => {
    // Remix's lazy route discovery logs this when a test navigates away
    // (page.goto) while it is fetching route manifests: the fetch is
    // aborted by the navigation, not failed.
    const state = { seen: [] as string[], allowed: [/^Failed to fetch manifest patches TypeError: Failed to fetch/] }
    watchConsole(page, state.seen)
    const deskMark = deskErrors.length
    await use(state)
    state.seen.push(...deskErrors.slice(deskMark))
    const unexpected = state.seen.filter((text) => !state.allowed.some((p) => p.test(text)))
    if (testInfo.status === testInfo.expectedStatus) expect(unexpected, 'unexpected console.error in the page').toEqual([])
  }, { auto: true }],
  /** Declares a console error this test provokes on purpose (e.g. a 403 response). */
  allowConsoleError: async ({ consoleErrors }, use) => {
    await use((pattern) => consoleErrors.allowed.push(pattern))
  },
})

export { expect }

/** A name unique to this test run and project, so parallel projects never collide. */
export function uniqueName(prefix: string, projectName: string) {
  return `${prefix}-${projectName}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`
}
