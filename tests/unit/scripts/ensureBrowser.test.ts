/**
 * `npm test` starts with scripts/ensure-browser.mjs: on a machine without Chromium it must install
 * one (here: a simulated apt-get) or stop within seconds with one clear message — never after the
 * unit tests.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const SCRIPT = join(__dirname, '../../../scripts/ensure-browser.mjs')

function run(env: Record<string, string>) {
  const started = Date.now()
  const r = spawnSync(process.execPath, [SCRIPT], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    timeout: 60_000,
  })
  return { status: r.status, out: `${r.stdout}${r.stderr}`, ms: Date.now() - started }
}

function executable(path: string, body: string) {
  writeFileSync(path, `#!/bin/sh\n${body}\n`)
  chmodSync(path, 0o755)
}

describe('ensure-browser (first step of npm test)', () => {
  it('fails fast with one clear message when no Chromium exists and none can be installed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yishi-eb-'))
    const r = run({
      YISHI_CHROMIUM_CANDIDATES: join(dir, 'chromium'),
      YISHI_CHROMIUM_RECORD: join(dir, 'record'),
      YISHI_APT_GET: join(dir, 'no-such-apt-get'),
      PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
    })
    expect(r.status).toBe(1)
    expect(r.ms).toBeLessThan(30_000)
    expect(r.out).toContain('No Chromium on this machine')
    expect(r.out).toContain('apt-get install chromium fonts-noto-cjk')
    expect(r.out).toContain('npm run test:unit')
  })

  it('refuses a CHROMIUM_PATH that points nowhere instead of silently using another browser', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yishi-eb-'))
    const r = run({ CHROMIUM_PATH: join(dir, 'nowhere'), YISHI_CHROMIUM_RECORD: join(dir, 'record') })
    expect(r.status).toBe(1)
    expect(r.out).toContain(`CHROMIUM_PATH=${join(dir, 'nowhere')} is not an executable file`)
  })

  it.skipIf(process.getuid?.() !== 0)('installs Chromium with apt-get when it may (simulated apt)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yishi-eb-'))
    const chromium = join(dir, 'chromium')
    const apt = join(dir, 'apt-get')
    // The fake apt "installs" a chromium that answers --version, and logs what it was asked for.
    executable(
      apt,
      `echo "$@" >> ${dir}/apt.log\n[ "$1" = install ] && printf '#!/bin/sh\\necho Chromium 999.0\\n' > ${chromium} && chmod +x ${chromium}\nexit 0`,
    )
    const r = run({
      YISHI_CHROMIUM_CANDIDATES: chromium,
      YISHI_CHROMIUM_RECORD: join(dir, 'record'),
      YISHI_APT_GET: apt,
      PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
    })
    expect(r.status, r.out).toBe(0)
    expect(readFileSync(join(dir, 'apt.log'), 'utf8')).toMatch(
      /install -y --no-install-recommends chromium fonts-noto-cjk/,
    )
    expect(existsSync(chromium)).toBe(true)
    expect(readFileSync(join(dir, 'record'), 'utf8').trim()).toBe(chromium)
    expect(r.out).toContain('Chromium 999.0')
  })
})
