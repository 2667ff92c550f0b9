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
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${port}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    launchOptions,
  },
  projects: [
    { name: 'desktop', use: desktop },
    // Procedure journeys run on the desktop and switch to a phone for the steps done on site.
    { name: 'phone', use: phone, testIgnore: '**/journeys/**' },
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
