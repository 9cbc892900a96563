/**
 * Shell budget and offline cold start (`npx tsx bench/coldstart.ts`, part of `npm run bench`).
 * - Initial JS of the shell: the entry script + its modulepreloads from dist/index.html, gzipped
 *   (budget 150 KB); lazy route chunks are not part of it.
 * - Offline cold start to interactive: after one online visit (service worker installed), the
 *   browser goes offline and reloads; we time navigation start → the app's header and first form
 *   control are in the DOM, with the CPU throttled 4× (CDP) to stand in for a mid-range tablet.
 *   Budget 1 s. The online cold start of the same page is measured in the same run for comparison.
 */
import { chromium } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { createYishiServer } from '../server/app'

const RUNS = Number(process.env.RUNS ?? 7)
const THROTTLE = Number(process.env.CPU_THROTTLE ?? 4)

const root = new URL('..', import.meta.url).pathname
const work = mkdtempSync(join(tmpdir(), 'yishi-coldstart-'))
const dist = join(work, 'dist')
execFileSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'error'], {
  cwd: root,
  stdio: 'inherit',
})

const html = readFileSync(join(dist, 'index.html'), 'utf8')
const initial = [
  ...html.matchAll(/<script[^>]+src="([^"]+\.js)"|<link rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
].map((m) => m[1] ?? m[2]!)
const gz = (f: string) => gzipSync(readFileSync(join(dist, f))).length
const initialGzip = initial.reduce((n, f) => n + gz(f), 0)
const css = [...html.matchAll(/<link rel="stylesheet"[^>]+href="([^"]+)"/g)].reduce((n, m) => n + gz(m[1]!), 0)

const server = await createYishiServer({
  host: '127.0.0.1',
  port: 0,
  dataDir: join(work, 'data'),
  distDir: dist,
  logLevel: 'warn',
})
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
})

async function coldStarts(offline: boolean): Promise<number[]> {
  const context = await browser.newContext({ serviceWorkers: 'allow' })
  const page = await context.newPage()
  await page.goto(server.httpUrl)
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 })
  const cdp = await context.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE })
  if (offline) await context.setOffline(true)
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    await page.reload({ waitUntil: 'commit' })
    await page.waitForFunction(
      () => document.querySelector('[data-testid="sync-status"]') && document.querySelector('main input, main button'),
      undefined,
      { timeout: 30_000, polling: 16 },
    )
    times.push(await page.evaluate(() => performance.now()))
  }
  await context.close()
  return times.sort((a, b) => a - b)
}

const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!
try {
  const online = await coldStarts(false)
  const offline = await coldStarts(true)
  console.log(`\n| measure | value | budget | ratio to budget |\n|---|---:|---:|---:|`)
  console.log(
    `| shell initial JS (gzip, ${initial.length} files) | ${(initialGzip / 1024).toFixed(1)} KB | 150 KB | ${(initialGzip / 1024 / 150).toFixed(2)} |`,
  )
  console.log(`| shell CSS (gzip) | ${(css / 1024).toFixed(1)} KB | – | – |`)
  console.log(
    `| offline cold start to interactive, CPU ×${THROTTLE}, median of ${RUNS} | ${median(offline).toFixed(0)} ms (max ${offline.at(-1)!.toFixed(0)}) | 1000 ms | ${(median(offline) / 1000).toFixed(2)} |`,
  )
  console.log(
    `| online cold start (same page, SW + network), median | ${median(online).toFixed(0)} ms | – | offline/online ${(median(offline) / median(online)).toFixed(2)} |`,
  )
} finally {
  await browser.close()
  await server.close()
  rmSync(work, { recursive: true, force: true })
}
