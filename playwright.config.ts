import { defineConfig } from '@playwright/test'
import { desktop, launchOptions, phone } from './tests/e2e/devices.ts'

const port = Number(process.env.E2E_PORT ?? 3210)

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  reporter: [['list']],
  // A guard against hangs, not a speed check: a journey step on a loaded two-core machine can take a minute or two.
  timeout: 180_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${port}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // Recording a trace (DOM snapshots and a screencast of every page) cost a quarter of a journey's
    // time on two cores (93 s without, 119 s with, 110 s with snapshots alone). CI's artefacts are not
    // kept, so CI records none; a local run keeps the trace of a failed test.
    trace: process.env.CI ? 'off' : 'retain-on-failure',
    // The system setting for less motion (the app honours it): menus and dialogs appear at once, and the
    // browser renders no animation frames in software on a two-core machine.
    contextOptions: { reducedMotion: 'reduce' },
    launchOptions,
  },
  projects: [
    { name: 'desktop', use: desktop, testIgnore: ['**/studio/**'] },
    // Procedure journeys run on the desktop and switch to a phone for the steps done on site. The
    // phone runs what a phone changes: the menu drawer, forms, drafts, admin pages. Checks of the
    // server's answers (guards, bad input, access, stopped accounts) are the same on any screen
    // and run once, on the desktop.
    {
      name: 'phone', use: phone,
      testIgnore: ['**/journeys/**', '**/studio/**', '**/http-guards.spec.ts', '**/bad-input.spec.ts', '**/document-readers.spec.ts', '**/officer-stopped.spec.ts', '**/statement-period-setting.spec.ts'],
      // Each role's home panel is the same layout; the phone checks one administrator's and one officer's.
      grepInvert: /[a-z-]+ sees the \S+ panel/,
    },
    // The studio journeys change the procedures and forms in force for the whole server (matters opened
    // meanwhile would pin them): they run after the other projects, and one after another where they
    // publish the same procedure (the versions journey counts from the shipped version 1; the review
    // steps' county goes back to the region's version). Alone: `--project=studio --no-deps`, and so on.
    { name: 'studio', use: desktop, testMatch: ['**/studio/inquiry-contact-phone.spec.ts', '**/studio/studio-versions.spec.ts', '**/studio/draft-migration.spec.ts', '**/studio/legal-proposal.spec.ts'], dependencies: ['desktop', 'phone'] },
    { name: 'studio-review-steps', use: desktop, testMatch: '**/studio/review-steps.spec.ts', dependencies: ['studio'] },
    { name: 'studio-modeler', use: desktop, testMatch: '**/studio/studio-modeler.spec.ts', dependencies: ['studio-review-steps'] },
  ],
  webServer: {
    command: 'node tests/e2e/start-server.mjs',
    url: `http://localhost:${port}/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    // SIGTERM, so the server stops LibreOffice before it exits (the default SIGKILL cannot be handled).
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
    stdout: 'pipe',
    env: { E2E_PORT: String(port) },
  },
})
