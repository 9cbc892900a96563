/**
 * The Result convention (src/domain/result.ts) can't quietly regress: a command module — a domain file
 * that writes to a Y.Doc (`.transact(`) or is named *commands* — answers refusals with `fail(code)`,
 * never `throw new`. The few throws left are programmer errors or states no person can reach, each
 * listed here with the reason; a new one fails this test until it is a Result or argued for here.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '../../..')
const DOMAIN = join(ROOT, 'src/domain')

/** file → the throws it may keep (substring of the line) and why. */
const ALLOWED: Record<string, Array<{ line: string; why: string }>> = {
  'src/domain/roll/importCsv.ts': [
    { line: 'unreachable: import transaction did not run', why: 'Yjs runs transact synchronously; cannot happen' },
  ],
  'src/domain/roll/schema.ts': [
    { line: 'invalid compoundId', why: 'compound ids come from the server, never typed in' },
    { line: 'missing roll migration', why: 'a gap in ROLL_MIGRATIONS is a bug in this codebase' },
  ],
}

/**
 * file → the schema `.parse(` calls it may keep (a throwing parse is a hidden `throw`): values the
 * command builds itself, never what a person typed. User input goes through `parseAs` (a Result).
 */
const PARSE_ALLOWED: Record<string, Array<{ line: string; why: string }>> = {
  'src/domain/grid/hierarchy.ts': [
    { line: 'GridNodeSchema.parse(n)', why: 'runs only after every line passed the checks above (errors returned)' },
  ],
  'src/domain/mediation/caseWrite.ts': [
    { line: 'CaseEventSchema.parse({ id, at, kind, by, note })', why: 'internal audit record built here' },
  ],
  'src/domain/proposals/commands.ts': [
    { line: 'VersionSchema.parse({', why: 'a version is assembled from the already-checked draft' },
  ],
  'src/domain/voting/commands.ts': [
    { line: 'VoteEventSchema.parse({', why: 'internal audit record built here' },
    { line: 'FrozenFlatSchema.parse({', why: 'frozen from roll records that were checked on import' },
  ],
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

function isCommandModule(path: string, text: string): boolean {
  return /commands\.ts$/i.test(path) || text.includes('.transact(')
}

/** `throw new` lines of a command module that the allow-list does not cover. */
function strayThrows(file: string, text: string): string[] {
  const allowed = ALLOWED[file] ?? []
  return text
    .split('\n')
    .map((l, i) => ({ l, n: i + 1 }))
    .filter(({ l }) => /\bthrow new\b/.test(l) && !l.trim().startsWith('//') && !l.trim().startsWith('*'))
    .filter(({ l }) => !allowed.some((a) => l.includes(a.line)))
    .map(({ l, n }) => `${file}:${n}: ${l.trim()}`)
}

/** Throwing schema parses (`X.parse(`, not safeParse/JSON.parse) of a command module outside PARSE_ALLOWED. */
function strayParses(file: string, text: string): string[] {
  const allowed = PARSE_ALLOWED[file] ?? []
  return text
    .split('\n')
    .map((l, i) => ({ l, n: i + 1 }))
    .filter(({ l }) => /\.parse\(/.test(l.replace(/\bJSON\.parse\(/g, '')) && !/^\s*(\/\/|\*)/.test(l))
    .filter(({ l }) => !allowed.some((a) => l.includes(a.line)))
    .map(({ l, n }) => `${file}:${n}: ${l.trim()}`)
}

describe('domain commands refuse with Results, not exceptions', () => {
  const modules = sources(DOMAIN)
    .map((p) => ({ file: relative(ROOT, p).split('\\').join('/'), text: readFileSync(p, 'utf8') }))
    .filter((m) => isCommandModule(m.file, m.text))

  it('finds the command modules (the scan sees what it should)', () => {
    const files = modules.map((m) => m.file)
    for (const f of [
      'src/domain/voting/commands.ts',
      'src/domain/mediation/caseCommands.ts',
      'src/domain/mediation/careCommands.ts',
      'src/domain/meetings/commands.ts',
      'src/domain/meetings/minutes.ts',
      'src/domain/proposals/commands.ts',
      'src/domain/grid/events.ts',
    ])
      expect(files).toContain(f)
  })

  it('no `throw new` in a command module outside the allow-list', () => {
    expect(modules.flatMap((m) => strayThrows(m.file, m.text))).toEqual([])
  })

  it('no throwing schema `.parse(` in a command module outside the allow-list (input goes through parseAs)', () => {
    expect(modules.flatMap((m) => strayParses(m.file, m.text))).toEqual([])
  })

  it('the parse check fails on a parse it has not been told about, not on safeParse or JSON.parse', () => {
    const text =
      'export function add(doc: Y.Doc, v: unknown) {\n  const x = ItemSchema.parse(v)\n  const y = ItemSchema.safeParse(v)\n  const z = JSON.parse(s)\n  doc.transact(() => {})\n}'
    expect(strayParses('src/domain/x/y.ts', text)).toEqual(['src/domain/x/y.ts:2: const x = ItemSchema.parse(v)'])
    expect(strayParses('src/domain/voting/commands.ts', '  VoteEventSchema.parse({ id })')).toEqual([])
  })

  it('the check fails on a throw it has not been told about', () => {
    const text =
      "export function close(doc: Y.Doc) {\n  if (x) throw new Error('already closed')\n  doc.transact(() => {})\n}"
    expect(isCommandModule('src/domain/x/y.ts', text)).toBe(true)
    expect(strayThrows('src/domain/x/y.ts', text)).toEqual([
      "src/domain/x/y.ts:2: if (x) throw new Error('already closed')",
    ])
    expect(
      strayThrows('src/domain/roll/importCsv.ts', "throw new Error('unreachable: import transaction did not run')"),
    ).toEqual([])
  })

  it('every allow-listed throw still exists (a stale entry would hide a new throw on that line)', () => {
    for (const [file, entries] of [...Object.entries(ALLOWED), ...Object.entries(PARSE_ALLOWED)]) {
      const text = readFileSync(join(ROOT, file), 'utf8')
      for (const e of entries) expect(text, `${file}: ${e.line}`).toContain(e.line)
    }
  })
})
