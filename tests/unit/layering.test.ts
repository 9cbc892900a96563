/**
 * The layering rules of README "Layout", checked on every import in the sources: protocol and
 * domain are pure (no sync, UI, server, Solid or browser storage), sync never reaches into the UI
 * or the server, the server never into the app's browser code, the app never into the server.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '../..')

interface Rule {
  /** Files this rule applies to (path prefix from the repo root). */
  from: string
  /** Path prefixes (resolved relative imports) or package names that must not be imported. */
  never: string[]
}

const RULES: Rule[] = [
  { from: 'src/protocol/', never: ['src/domain/', 'src/sync/', 'src/ui/', 'src/auth/', 'src/i18n/', 'server/'] },
  {
    from: 'src/domain/',
    never: ['src/sync/', 'src/ui/', 'src/auth/', 'src/i18n/', 'server/', 'solid-js', 'y-indexeddb', 'y-websocket'],
  },
  { from: 'src/sync/', never: ['src/ui/', 'src/auth/', 'server/', 'solid-js'] },
  { from: 'src/', never: ['server/'] },
  { from: 'server/', never: ['src/sync/', 'src/ui/', 'src/auth/', 'src/i18n/', 'solid-js', 'y-indexeddb'] },
]

function files(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(join(ROOT, dir))) {
    const p = join(dir, entry)
    if (statSync(join(ROOT, p)).isDirectory()) out.push(...files(p))
    else if (/\.(ts|tsx)$/.test(entry)) out.push(p)
  }
  return out
}

/** Import targets of a file: resolved repo paths for relative imports, package names otherwise. */
function importsOf(file: string): string[] {
  const code = readFileSync(join(ROOT, file), 'utf8')
  const specs = [
    ...code.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm),
  ]
  return specs.map((m) => {
    const spec = (m[1] ?? m[2]) as string
    return spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)) : spec
  })
}

describe('layering', () => {
  it('no import crosses a forbidden layer boundary', () => {
    const offences: string[] = []
    for (const file of [...files('src'), ...files('server')]) {
      for (const target of importsOf(file)) {
        for (const rule of RULES) {
          if (!file.startsWith(rule.from)) continue
          const hit = rule.never.find((n) => target === n || target.startsWith(n.endsWith('/') ? n : `${n}/`))
          if (hit) offences.push(`${file} imports ${target} (${rule.from} never imports ${hit})`)
        }
      }
    }
    expect(offences.join('\n')).toBe('')
  })

  it('the check sees relative and package imports', () => {
    expect(importsOf('src/sync/docRegistry.ts')).toContain('src/domain/docTypes')
    expect(importsOf('src/sync/docRegistry.ts')).toContain('y-websocket')
  })
})
