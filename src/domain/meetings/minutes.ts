/**
 * Minutes doc `minutes:<councilId>:<meetingId>`: rich text in `default` (TipTap), saved versions,
 * an author map and the seal. Versions carry both a Yjs snapshot (state vector + delete set: who
 * had written how much) and the canonical content at that moment, so a version can be shown even on
 * a device that received the doc from the server after its deleted text was garbage-collected.
 */
import { fail, ok, type Result } from '../result'
import * as Y from 'yjs'
import { fromBase64, toBase64 } from 'lib0/buffer'
import { z } from 'zod'
import { MINUTES_FIELD, SEAL_ALGORITHM, canonicalFragment, sealHash, type CanonicalNode } from './canonical'

export const MINUTES_ROOTS = { content: MINUTES_FIELD, seal: 'seal', versions: 'versions', authors: 'authors' } as const

export const AuthorSchema = z.object({ userId: z.string(), name: z.string(), colour: z.string() })
export type Author = z.infer<typeof AuthorSchema>

const CanonicalNodeSchema: z.ZodType<CanonicalNode> = z.lazy(() =>
  z.union([
    z.object({ text: z.string(), marks: z.record(z.string(), z.unknown()).optional() }),
    z.object({ embed: z.unknown() }),
    z.object({
      type: z.string(),
      attrs: z.record(z.string(), z.unknown()).optional(),
      content: z.array(CanonicalNodeSchema).optional(),
    }),
  ]),
) as z.ZodType<CanonicalNode>

export const VersionSchema = z.object({
  id: z.string(),
  kind: z.enum(['manual', 'seal']),
  label: z.string().max(200),
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  /** base64 of Y.encodeSnapshot at that moment. */
  snapshot: z.string(),
  content: z.array(CanonicalNodeSchema),
})
export type Version = z.infer<typeof VersionSchema>

export interface SealInfo {
  hash: string
  sealedBy: string
  sealedByName: string
  sealedAt: string
  algorithm: string
  record: unknown
}

export function readSeal(doc: Y.Doc): SealInfo | null {
  const s = doc.getMap<unknown>(MINUTES_ROOTS.seal)
  const hash = s.get('hash')
  if (typeof hash !== 'string') return null
  const str = (k: string) => (typeof s.get(k) === 'string' ? (s.get(k) as string) : '')
  return {
    hash,
    sealedBy: str('sealedBy'),
    sealedByName: str('sealedByName'),
    sealedAt: str('sealedAt'),
    algorithm: str('algorithm'),
    record: s.get('record') ?? null,
  }
}

export const isSealed = (doc: Y.Doc): boolean => doc.getMap(MINUTES_ROOTS.seal).get('hash') !== undefined

/**
 * Records which person a Yjs client id belongs to (once per client id, i.e. per device session),
 * so versions can name who changed what. Only writers call it, and never on sealed minutes.
 */
export function registerAuthor(doc: Y.Doc, a: Author): boolean {
  const authors = doc.getMap<Author>(MINUTES_ROOTS.authors)
  const key = String(doc.clientID)
  if (isSealed(doc) || authors.has(key)) return false
  // sameAction: part of the edit that triggered it (one user action in "N 项更改待同步").
  doc.transact(() => authors.set(key, a), { source: 'client', userId: a.userId, sameAction: true })
  return true
}

export function readAuthors(doc: Y.Doc): Map<number, Author> {
  const out = new Map<number, Author>()
  doc.getMap<unknown>(MINUTES_ROOTS.authors).forEach((v, k) => {
    const r = AuthorSchema.safeParse(v)
    if (r.success) out.set(Number(k), r.data)
  })
  return out
}

export interface VersionBy {
  userId: string
  name: string
  at: Date
}

function versionEntry(doc: Y.Doc, kind: Version['kind'], label: string, by: VersionBy): Version {
  return {
    id: `v_${by.at.getTime().toString(36)}_${doc.clientID.toString(36)}`,
    kind,
    label,
    at: by.at.toISOString(),
    by: by.userId,
    byName: by.name,
    snapshot: toBase64(Y.encodeSnapshot(Y.snapshot(doc))),
    content: canonicalFragment(doc.getXmlFragment(MINUTES_FIELD)),
  }
}

/** Saves the current text as a named version ("版本"). */
export function markVersion(doc: Y.Doc, label: string, by: VersionBy): Version {
  const v = versionEntry(doc, 'manual', label, by)
  doc.transact(() => doc.getArray<Version>(MINUTES_ROOTS.versions).push([v]), { source: 'client', userId: by.userId })
  return v
}

/**
 * Seals the minutes in one transaction: a final version and the seal (hash over the canonical text,
 * the frozen meeting record, who and when). The server recomputes the hash and refuses a mismatch,
 * so seal only when in sync with the server (otherwise edits it has not seen change the text).
 */
export function sealMinutes(doc: Y.Doc, record: unknown, by: VersionBy): Result<SealInfo, 'minutes.sealed'> {
  // another tablet may have sealed while this one looked at the text
  if (isSealed(doc)) return fail('minutes.sealed')
  const sealedAt = by.at.toISOString()
  const content = canonicalFragment(doc.getXmlFragment(MINUTES_FIELD))
  const info: SealInfo = {
    hash: sealHash({ content, record, sealedBy: by.userId, sealedAt }),
    sealedBy: by.userId,
    sealedByName: by.name,
    sealedAt,
    algorithm: SEAL_ALGORITHM,
    record,
  }
  doc.transact(
    () => {
      doc.getArray<Version>(MINUTES_ROOTS.versions).push([versionEntry(doc, 'seal', '定稿', by)])
      const seal = doc.getMap<unknown>(MINUTES_ROOTS.seal)
      for (const [k, v] of Object.entries(info)) seal.set(k, v)
    },
    { source: 'client', userId: by.userId },
  )
  return ok(info)
}

export function readVersions(doc: Y.Doc): Version[] {
  const out: Version[] = []
  for (const v of doc.getArray<unknown>(MINUTES_ROOTS.versions).toArray()) {
    const r = VersionSchema.safeParse(v)
    if (r.success) out.push(r.data)
  }
  return out.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id))
}

/** Text of every leaf block (paragraph, heading, code block …), in document order. */
export function blockTexts(nodes: readonly CanonicalNode[]): string[] {
  const out: string[] = []
  const walk = (n: CanonicalNode): void => {
    if (!('type' in n)) return
    const content = n.content ?? []
    if (content.every((c) => !('type' in c))) {
      out.push(content.map((c) => ('text' in c ? c.text : '')).join(''))
    } else content.forEach(walk)
  }
  nodes.forEach(walk)
  return out
}

export type DiffLine = { op: 'same' | 'added' | 'removed'; text: string }

/** Block-level diff (longest common subsequence); minutes are short, O(n·m) is fine. */
export function diffBlocks(before: readonly string[], after: readonly string[]): DiffLine[] {
  const n = before.length
  const m = after.length
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
    }
  }
  const out: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      out.push({ op: 'same', text: before[i++]! })
      j++
    } else if (j < m && (i >= n || lcs[i]![j + 1]! > lcs[i + 1]![j]!)) out.push({ op: 'added', text: after[j++]! })
    else out.push({ op: 'removed', text: before[i++]! })
  }
  return out
}

/** Client ids whose state advanced between two versions (they wrote or deleted something). */
export function changedClients(prev: Version | null, cur: Version): number[] {
  const prevSv = prev ? Y.decodeSnapshot(fromBase64(prev.snapshot)).sv : new Map<number, number>()
  const curSnap = Y.decodeSnapshot(fromBase64(cur.snapshot))
  const out: number[] = []
  curSnap.sv.forEach((clock, client) => {
    if (clock > (prevSv.get(client) ?? 0)) out.push(client)
  })
  return out.sort((a, b) => a - b)
}

export interface VersionChange {
  version: Version
  lines: DiffLine[]
  /** Names of the people who changed the text since the previous version (from the author map). */
  authors: string[]
}

export function versionChanges(versions: readonly Version[], authors: ReadonlyMap<number, Author>): VersionChange[] {
  return versions.map((version, i) => {
    const prev = i > 0 ? versions[i - 1]! : null
    const names = new Set<string>()
    for (const c of changedClients(prev, version)) names.add(authors.get(c)?.name ?? `#${c}`)
    return {
      version,
      lines: diffBlocks(prev ? blockTexts(prev.content) : [], blockTexts(version.content)),
      authors: [...names],
    }
  })
}

/**
 * Appends `text` as new paragraphs at the end of a minutes-like doc (used for the addendum: a
 * refused edit to sealed minutes is recorded there instead, in one step).
 */
export function appendParagraphs(doc: Y.Doc, text: string, by: { userId: string }): void {
  const lines = text
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean)
  if (lines.length === 0) return
  doc.transact(
    () => {
      const fragment = doc.getXmlFragment(MINUTES_FIELD)
      const paragraphs = lines.map((line) => {
        const p = new Y.XmlElement('paragraph')
        p.insert(0, [new Y.XmlText(line)])
        return p
      })
      fragment.insert(fragment.length, paragraphs)
    },
    { source: 'client', userId: by.userId },
  )
}
