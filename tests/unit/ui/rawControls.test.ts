/**
 * Every form control in src/ui comes from the shared components (src/ui/form: visible label, hint,
 * error, finger-sized targets, Chinese date echo). A raw <input>/<select>/<textarea> anywhere else
 * fails this test unless it is listed below with its reason (issue #17 moved all the others).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '../../..')
const UI = join(ROOT, 'src/ui')

/** file → [count, why it is not a shared component] */
const JUSTIFIED: Record<string, [number, string]> = {
  'src/ui/roll/FlatPicker.tsx': [
    1,
    'the picker is itself a shared control: its type-in box uses the ui-field label/hint',
  ],
  'src/ui/notes/NotesPage.tsx': [
    1,
    'a whole-page collaborative text bound to a Y.Text (cursor-preserving diff), not a form field',
  ],
}

function tsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return p === join(UI, 'form') ? [] : tsxFiles(p)
    return p.endsWith('.tsx') ? [p] : []
  })
}

/** Raw controls in JSX (not in comments: a line comment or doc line starting with * is skipped). */
function rawControls(source: string): number {
  return source
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .reduce((n, line) => n + (line.match(/<(input|select|textarea)\b/g)?.length ?? 0), 0)
}

describe('form controls come from src/ui/form', () => {
  const found = new Map(
    tsxFiles(UI)
      .map((p) => [relative(ROOT, p), rawControls(readFileSync(p, 'utf8'))] as const)
      .filter(([, n]) => n > 0),
  )
  it('no raw <input>/<select>/<textarea> outside the shared components but the listed ones', () => {
    const unexpected = [...found].filter(([file, n]) => n > (JUSTIFIED[file]?.[0] ?? 0))
    expect(unexpected, 'use TextField/TextArea/SelectField/DateTimeField/ChoiceField/CheckField/FileButton').toEqual([])
  })
  it('the list is up to date (a migrated file leaves JUSTIFIED)', () => {
    const stale = Object.entries(JUSTIFIED).filter(([file, [n]]) => (found.get(file) ?? 0) < n)
    expect(stale, 'lower or remove these JUSTIFIED entries').toEqual([])
  })
  it('the scan sees JSX controls and skips comments', () => {
    expect(rawControls('<input name="a" />\n// <select>\n * <textarea>\n<textarea />')).toBe(2)
  })
})
