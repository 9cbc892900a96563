/**
 * Where the browser tests' Chromium is. One answer for scripts/ensure-browser.mjs (run first by
 * `npm test`) and playwright.config.ts, so the set-up step and the tests never disagree.
 *
 * Order: CHROMIUM_PATH when set (and only it: a CHROMIUM_PATH that points nowhere means "not
 * here", never a silent fallback to some other browser), then the path ensure-browser recorded
 * after installing one, then the usual system paths, then Playwright's own download.
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
/** Written by ensure-browser after an install that landed somewhere unusual; git-ignored. */
export const RECORDED_PATH_FILE =
  process.env.YISHI_CHROMIUM_RECORD ?? join(ROOT, 'node_modules', '.cache', 'yishi-chromium-path')

/** Overridable for the set-up script's own tests (a list separated by ':'). */
export function systemCandidates(env = process.env) {
  if (env.YISHI_CHROMIUM_CANDIDATES !== undefined) return env.YISHI_CHROMIUM_CANDIDATES.split(':').filter(Boolean)
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome']
}

export function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function recordedPath() {
  try {
    const p = readFileSync(RECORDED_PATH_FILE, 'utf8').trim()
    return p && isExecutable(p) ? p : null
  } catch {
    return null
  }
}

/** Playwright's own Chromium, if `playwright install chromium` ever ran here. */
async function playwrightOwn() {
  try {
    const { chromium } = await import('@playwright/test')
    const p = chromium.executablePath()
    return p && existsSync(p) ? p : null
  } catch {
    return null
  }
}

/** The executable to use, or null. `{ explicit: true }` means CHROMIUM_PATH decided it. */
export async function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) return isExecutable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null
  const recorded = recordedPath()
  if (recorded) return recorded
  for (const c of systemCandidates(env)) if (isExecutable(c)) return c
  if (env.YISHI_CHROMIUM_CANDIDATES !== undefined) return null // a test run: only the given candidates
  return playwrightOwn()
}

/** Synchronous variant for playwright.config.ts (no Playwright-download lookup needed there). */
export function findChromiumSync(env = process.env) {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH
  return recordedPath() ?? systemCandidates(env).find(isExecutable) ?? '/usr/bin/chromium'
}
