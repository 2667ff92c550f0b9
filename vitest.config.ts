import os from 'node:os'
import { defineConfig } from 'vitest/config'
import tsconfigPaths from 'vite-tsconfig-paths'

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ['app/**/*.test.{ts,tsx}', 'engine/**/*.test.ts', 'definitions/**/*.test.ts', 'forms/**/*.test.ts', 'bin/**/*.test.ts', 'prisma/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/fail-on-console-error.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on a two-core machine. The files
    // spend much of their time waiting on databases and child processes, and each has its own
    // database, so one worker per core (at least two) runs the suite in 417 s instead of 576 s.
    maxWorkers: Math.max(2, os.availableParallelism()),
    minWorkers: 1,
  },
})
