/**
 * The doc-type registry (src/domain/docTypes.ts): every kind round-trips (build → parse → access
 * rule → schema version), and no file outside the registry builds or parses a doc name by hand.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DOC_KIND_NAMES, DOC_KINDS, DOC_TYPES, docName, gcFor, parseDocName } from '../../../src/domain/docTypes'
import { effectiveRule, POLICY, ROLES } from '../../../src/domain/access/policy'
import { isValidDocName } from '../../../src/protocol/docName'
import { decideAccess } from '../../../server/access/accessForDoc'

const ROOT = join(__dirname, '../../..')
const REGISTRY = 'src/domain/docTypes.ts'

const importDomain = (module: string): Promise<unknown> =>
  import(/* @vite-ignore */ pathToFileURL(join(ROOT, 'src/domain', `${module}.ts`)).href)

type AnyBuild = (kind: string, councilId: string, ...ids: string[]) => string
const build = docName as unknown as AnyBuild

function sampleIds(kind: (typeof DOC_KIND_NAMES)[number]): string[] {
  return DOC_KINDS[kind].rest.filter((s) => s === 'id').map((_, i) => `x_${kind.toLowerCase()}${i}`)
}

describe('doc-type registry: every kind round-trips', () => {
  for (const kind of DOC_KIND_NAMES) {
    it(`${kind}: build → parse → access rule → schema version`, async () => {
      const spec = DOC_KINDS[kind]
      const ids = sampleIds(kind)
      const name = build(kind, 'c3fa91b2e0d4', ...ids)
      expect(isValidDocName(name)).toBe(true) // what the server accepts on the wire
      expect(parseDocName(name)).toEqual({ kind, type: spec.type, councilId: 'c3fa91b2e0d4', ids })
      // Policy: the type is a column for every role, and the server decides by it.
      for (const role of ROLES) expect(POLICY[role][spec.type]).toBeDefined()
      const admin = { id: 'u1', isAdmin: true } as Parameters<typeof decideAccess>[0]
      const decision = decideAccess(admin, [], name)
      expect(decision.ok && decision.docType).toBe(spec.type)
      expect(effectiveRule(['admin'], spec.type).level).not.toBe('none')
      // Schema: a fresh doc migrated by the registered function carries the registered version.
      const schema: { module: string; migrate?: string } | null = spec.schema
      if (schema) {
        const mod = (await importDomain(schema.module)) as Record<string, unknown>
        if (schema.migrate) {
          const migrate = mod[schema.migrate]
          expect(typeof migrate).toBe('function')
          const doc = new Y.Doc()
          ;(migrate as (d: Y.Doc) => unknown)(doc)
          expect(doc.getMap('meta').get('schemaVersion')).toBe(spec.schemaVersion)
        }
      }
      if (spec.readModel) {
        const mod = (await importDomain(spec.readModel.module)) as Record<string, unknown>
        expect(typeof mod[spec.readModel.read]).toBe('function')
      }
    })
  }

  it('every policy column has a kind, and fixed words are never read as ids', () => {
    expect([...DOC_TYPES].sort()).toEqual(Object.keys(POLICY.admin).sort())
    expect(parseDocName('meeting:c1:index')?.kind).toBe('meetingIndex')
    expect(parseDocName('meeting:c1:m_abcd')?.kind).toBe('meeting')
    expect(parseDocName('minutes:c1:m_abcd:addendum')?.kind).toBe('addendum')
  })

  it('refuses unknown types, wrong shapes and unsafe ids', () => {
    for (const bad of ['nope:c1', 'vote:c1', 'vote:c1:v1:extra', 'roll', 'roll:', 'roll:c 1', 'case:c1:a/b', '']) {
      expect(parseDocName(bad), bad).toBeNull()
    }
    expect(() => docName('vote', 'c1', 'a:b')).toThrow()
    expect(() => docName('roll', '')).toThrow()
  })

  it('only minutes (and their addendum) keep deleted content', () => {
    const noGc = DOC_KIND_NAMES.filter((k) => !DOC_KINDS[k].gc)
    expect(noGc.sort()).toEqual(['addendum', 'minutes'])
    expect(gcFor(docName('minutes', 'c1', 'm_abcd'))).toBe(false)
    expect(gcFor(docName('meeting', 'c1', 'm_abcd'))).toBe(true)
  })
})

/** Source files (no comments) of the app, server, benchmarks, scripts and tests. */
function sources(): { file: string; code: string }[] {
  const out: { file: string; code: string }[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const p = join(dir, entry)
      if (statSync(p).isDirectory()) walk(p)
      else if (/\.(ts|tsx|mjs)$/.test(entry))
        out.push({ file: relative(ROOT, p), code: stripComments(readFileSync(p, 'utf8')) })
    }
  }
  for (const d of ['src', 'server', 'bench', 'scripts', 'tests']) walk(join(ROOT, d))
  return out
}

/**
 * Drops comments, and lines marked `// not a doc name` (keys that merely look like one, e.g. the
 * today list's `case:<councilId>` source key).
 */
function stripComments(code: string): string {
  return code
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .filter((line) => !line.includes('// not a doc name'))
    .join('\n')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
}

describe('doc names are built and parsed only by the registry', () => {
  const types = DOC_TYPES.join('|')
  const checks: { what: string; re: RegExp }[] = [
    { what: 'template literal building a doc name', re: new RegExp(`\`(${types}):[^\`]*\\$\\{`) },
    { what: 'string concatenation building a doc name', re: new RegExp(`['"](${types}):[A-Za-z0-9_-]*['"]\\s*\\+`) },
    { what: 'doc name prefix test', re: new RegExp(`startsWith\\(['"\`](${types}):`) },
    { what: "split(':') parsing a name", re: /(name|doc)\w*\.split\(\s*['"]:['"]\s*\)/i },
  ]
  it('no file outside the registry builds or parses a doc name by hand', () => {
    const offences: string[] = []
    for (const { file, code } of sources()) {
      if (file === REGISTRY || file.endsWith('docTypes.test.ts')) continue
      for (const { what, re } of checks) {
        const m = re.exec(code)
        if (m) offences.push(`${file}: ${what}: ${m[0]}`)
      }
    }
    expect(offences.join('\n')).toBe('')
  })

  it('the scan catches what it is meant to catch', () => {
    const caught = (code: string) => checks.some(({ re }) => re.test(stripComments(code)))
    expect(caught('const n = `vote:${c}:${v}`')).toBe(true)
    expect(caught("const n = 'roll:' + c")).toBe(true)
    expect(caught("if (n.startsWith('case:')) {}")).toBe(true)
    expect(caught("const [t, c] = docName.split(':')")).toBe(true)
    expect(caught("const n = docName('vote', c, v) // not `vote:${c}`")).toBe(false)
    expect(caught('const key = `vote:${c}` // not a doc name')).toBe(false)
  })
})
