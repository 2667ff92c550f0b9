/**
 * Shared fixtures: every test fails on an unexpected console.error in the
 * page, and `signIn` signs a demo account in through the real form.
 */
import { test as base, expect, type Page } from '@playwright/test'

export const DEMO_PASSWORD = 'zhifa2026demo'

export async function signIn(page: Page, loginName: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.locator('#loginName').fill(loginName)
  await page.locator('#password').fill(password)
  await page.getByRole('button', { name: /登\s*录/ }).click()
  await expect(page.getByTestId('current-user')).toBeVisible()
}

/** Opens a menu entry the way the user would: through the drawer on a phone. */
export async function openMenu(page: Page, label: string) {
  const button = page.getByTestId('nav-button')
  if (await button.isVisible()) await button.click()
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: label }).click()
}

export const test = base.extend<{ consoleErrors: { seen: string[]; allowed: RegExp[] }; allowConsoleError: (pattern: RegExp) => void }>({
  consoleErrors: [async ({ page }, use, testInfo) => {
    // Remix's lazy route discovery logs this when a test navigates away
    // (page.goto) while it is fetching route manifests: the fetch is
    // aborted by the navigation, not failed.
    const state = { seen: [] as string[], allowed: [/^Failed to fetch manifest patches TypeError: Failed to fetch/] }
    page.on('console', (message) => {
      if (message.type() === 'error') state.seen.push(message.text())
    })
    page.on('pageerror', (error) => state.seen.push(error.message))
    await use(state)
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
