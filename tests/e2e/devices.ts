/**
 * The two screens the browser tests run on, shared by playwright.config.ts
 * and by journeys that switch to a phone for one step (an inspection filled
 * on site).
 */
import { devices } from '@playwright/test'

// Debian's chromium, never a downloaded browser (see shared/notes/environment.md).
export const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
}

export const desktop = { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 720 }, launchOptions }

export const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, launchOptions }
