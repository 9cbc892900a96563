#!/usr/bin/env node
/**
 * The registry mirror on our machines only serves Linux builds of native packages, so npm leaves
 * the other platforms' optional packages (e.g. @rollup/rollup-darwin-x64) out of package-lock.json
 * and `npm ci` then refuses the lock as "out of sync". This adds the missing optional entries with
 * their os/cpu/libc (derived from the package name), which npm ci skips on a non-matching machine.
 * Run after `npm install` changes the lock: `node scripts/complete-lockfile.mjs`.
 */
import { readFileSync, writeFileSync } from 'node:fs'

const OS = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'openharmony', 'win32', 'sunos', 'aix', 'netbsd']
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'wasm32']

function platformOf(name) {
  const parts = name.split('/').pop().split('-')
  const os = parts.find((p) => OS.includes(p))
  const cpu = parts.find((p) => CPU.includes(p))
  if (!os || !cpu) return null
  const libc = parts.includes('musl')
    ? ['musl']
    : parts.some((p) => p === 'gnu' || p === 'gnueabihf')
      ? ['glibc']
      : undefined
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) }
}

const file = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(readFileSync(file, 'utf8'))
let added = 0
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${name}`
    if (lock.packages[target] || lock.packages[`${key}/node_modules/${name}`]) continue
    const platform = platformOf(name)
    if (!platform) continue
    lock.packages[target] = { version, ...platform, ...(entry.dev ? { dev: true } : {}), optional: true }
    added++
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
)
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`)
console.log(`complete-lockfile: added ${added} optional platform entries`)
