/**
 * Browser tests against the REAL server (`tsx server/index.ts`) serving the built dist/.
 * Run: `npx vite build && npx playwright test`. System Chromium only (no browser downloads).
 */
import { defineConfig } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findChromiumSync } from './scripts/find-browser.mjs'

// A random port unless given, set once in the runner process (workers inherit the environment), so
// several runs on one machine don't collide.
process.env.YISHI_E2E_PORT ??= String(20000 + Math.floor(Math.random() * 20000))
const PORT = Number(process.env.YISHI_E2E_PORT)
// Set once in the runner process; workers inherit the environment, so they agree on the dir.
process.env.YISHI_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'yishi-e2e-'))

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'zh-CN',
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
    launchOptions: {
      // The same answer `npm test`'s first step (scripts/ensure-browser.mjs) checked or installed.
      executablePath: findChromiumSync(),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: 'npx tsx server/index.ts',
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      YISHI_DATA_DIR: process.env.YISHI_E2E_DATA_DIR,
      // A private build can be tested with YISHI_E2E_DIST (e.g. while others rebuild dist/).
      YISHI_DIST_DIR: process.env.YISHI_E2E_DIST ?? 'dist',
      YISHI_LOG_LEVEL: 'warn',
    },
  },
})
