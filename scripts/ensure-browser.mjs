#!/usr/bin/env node
/**
 * First step of `npm test` (the `pretest` script): make sure the browser tests can run BEFORE
 * anything slow does, so a fresh machine learns what it lacks in seconds, not after the unit tests.
 *
 * 1. Chromium: CHROMIUM_PATH or a system Chromium (scripts/find-browser.mjs). If there is none:
 *    - as root or with passwordless sudo and apt-get: `apt-get install chromium fonts-noto-cjk`;
 *    - else, when Playwright's download host answers: `npx playwright install chromium`;
 *    - else stop with one message saying what to install (exit 1).
 * 2. Chinese fonts (fc-list :lang=zh): installed by apt the same way; without them the browser
 *    tests still run but screenshots show empty boxes, so this only warns.
 *
 * Knobs (for CI and for this script's own tests): YISHI_APT_GET (the apt-get command),
 * YISHI_BROWSER_INSTALL=never (report, don't install), YISHI_CHROMIUM_CANDIDATES (system paths).
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { findChromium, RECORDED_PATH_FILE } from './find-browser.mjs'

const env = process.env
const say = (msg) => console.log(`[ensure-browser] ${msg}`)
const APT_PACKAGES = ['chromium', 'fonts-noto-cjk']
const HOW_TO =
  '浏览器测试需要 Chromium / The browser tests need Chromium.\n' +
  '  Debian/Ubuntu:  sudo apt-get install chromium fonts-noto-cjk\n' +
  '  elsewhere:      install Chromium and run  CHROMIUM_PATH=/path/to/chromium npm test\n' +
  '  or with a reachable download host:  npx playwright install chromium\n' +
  '  (only the fast part, without a browser:  npm run test:unit)'

function fail(reason) {
  console.error(`\n[ensure-browser] ${reason}\n${HOW_TO}\n`)
  process.exit(1)
}

function works(path) {
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 15_000 })
  return r.status === 0 ? r.stdout.trim() : null
}

function hasChineseFont() {
  const r = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8', timeout: 10_000 })
  return r.status === 0 && r.stdout.trim().length > 0
}

/** ['sudo', '-n'] or [] when apt can be run without a password prompt; null when it can't. */
function aptPrefix() {
  const apt = env.YISHI_APT_GET ?? 'apt-get'
  if (spawnSync('sh', ['-c', `command -v ${JSON.stringify(apt)}`]).status !== 0) return null
  if (process.getuid?.() === 0) return []
  return spawnSync('sudo', ['-n', 'true'], { timeout: 5_000 }).status === 0 ? ['sudo', '-n'] : null
}

function aptInstall(packages) {
  const prefix = aptPrefix()
  if (!prefix) return false
  const apt = env.YISHI_APT_GET ?? 'apt-get'
  const run = (args) => {
    const [cmd, ...rest] = [...prefix, apt, ...args]
    say(`${[cmd, ...rest].join(' ')}`)
    return spawnSync(cmd, rest, { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0
  }
  return run(['update']) && run(['install', '-y', '--no-install-recommends', ...packages])
}

/** Whether Playwright's browser download host answers within a few seconds. */
async function downloadHostReachable() {
  if (env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD === '1') return false
  const host = env.PLAYWRIGHT_DOWNLOAD_HOST ?? 'https://cdn.playwright.dev'
  try {
    await fetch(host, { method: 'HEAD', signal: AbortSignal.timeout(5_000) })
    return true
  } catch {
    return false
  }
}

function record(path) {
  mkdirSync(dirname(RECORDED_PATH_FILE), { recursive: true })
  writeFileSync(RECORDED_PATH_FILE, `${path}\n`)
}

async function main() {
  const mayInstall = env.YISHI_BROWSER_INSTALL !== 'never'
  if (env.CHROMIUM_PATH && !(await findChromium())) {
    fail(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file.`)
  }
  let path = await findChromium()
  if (!path && mayInstall) {
    say('no Chromium found; installing one')
    if (aptInstall(APT_PACKAGES)) path = await findChromium()
    if (!path && (await downloadHostReachable())) {
      say('npx playwright install chromium')
      const ok = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' }).status === 0
      if (ok) path = await findChromium()
    }
  }
  if (!path) fail('No Chromium on this machine, and none could be installed here.')
  const version = works(path)
  if (!version) fail(`${path} does not start (\`${path} --version\` failed).`)
  record(path)
  say(`${version} at ${path}`)

  if (!hasChineseFont()) {
    if (!(mayInstall && aptInstall(['fonts-noto-cjk']) && hasChineseFont())) {
      say('warning: no Chinese font (fonts-noto-cjk); screenshots will show empty boxes')
    }
  }
}

try {
  await main()
} catch (e) {
  fail(`unexpected error: ${e instanceof Error ? e.message : e}`)
}
