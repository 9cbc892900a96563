/**
 * Canonical content of minutes and the seal hash. Shared by the client (to seal) and the server's
 * 'sealed-readonly' rule (to verify), so it is pure, synchronous and reads only Yjs structures:
 * two docs with the same rich text produce the same string whichever client wrote them.
 */
import * as Y from 'yjs'
import { sha256Hex } from '../crypto/sha256'

export type CanonicalNode =
  | { type: string; attrs?: Record<string, unknown>; content?: CanonicalNode[] }
  | { text: string; marks?: Record<string, unknown> }
  | { embed: unknown }

/** JSON with object keys sorted at every level and no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // undefined has no JSON form; it only appears as an absent attribute, which we drop.
    return JSON.stringify(value ?? null)
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`
}

function sortedAttrs(attrs: Record<string, unknown>): Record<string, unknown> | undefined {
  const keys = Object.keys(attrs)
    .filter((k) => attrs[k] !== undefined && attrs[k] !== null)
    .sort()
  if (keys.length === 0) return undefined
  const out: Record<string, unknown> = {}
  for (const k of keys) out[k] = attrs[k]
  return out
}

function nodeOf(child: Y.XmlElement | Y.XmlText | Y.XmlHook): CanonicalNode[] {
  if (child instanceof Y.XmlText) {
    const out: CanonicalNode[] = []
    for (const op of child.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
      const marks = op.attributes ? sortedAttrs(op.attributes) : undefined
      if (typeof op.insert === 'string') out.push(marks ? { text: op.insert, marks } : { text: op.insert })
      else out.push({ embed: op.insert })
    }
    return out
  }
  if (child instanceof Y.XmlElement) {
    const attrs = sortedAttrs(child.getAttributes() as Record<string, unknown>)
    const content = child.toArray().flatMap((c) => nodeOf(c as Y.XmlElement | Y.XmlText))
    const node: CanonicalNode = { type: child.nodeName }
    if (attrs) node.attrs = attrs
    if (content.length > 0) node.content = content
    return [node]
  }
  return []
}

/** The rich text of a fragment as canonical nodes (ProseMirror-like JSON). */
export function canonicalFragment(fragment: Y.XmlFragment): CanonicalNode[] {
  return fragment.toArray().flatMap((c) => nodeOf(c as Y.XmlElement | Y.XmlText))
}

/** Name of the minutes' rich-text root (TipTap's default field; the server reads it). */
export const MINUTES_FIELD = 'default'
export const SEAL_ALGORITHM = 'sha256/canonical-v1'

/** What a seal binds together: the rich text, the frozen meeting record, who sealed and when. */
export interface SealInput {
  content: CanonicalNode[]
  record: unknown
  sealedBy: string
  sealedAt: string
}

export function sealPayload(s: SealInput): string {
  return canonicalJson({
    v: SEAL_ALGORITHM,
    content: s.content,
    record: s.record,
    sealedBy: s.sealedBy,
    sealedAt: s.sealedAt,
  })
}

export function sealHash(s: SealInput): string {
  return sha256Hex(sealPayload(s))
}

/** Recomputes the hash of a sealed minutes doc from its own content; null when not sealed. */
export function verifySeal(
  doc: Y.Doc,
): { sealed: false } | { sealed: true; ok: boolean; expected: string; actual: string } {
  const seal = doc.getMap('seal')
  const hash = seal.get('hash')
  if (hash === undefined) return { sealed: false }
  const sealedBy = seal.get('sealedBy')
  const sealedAt = seal.get('sealedAt')
  if (
    typeof hash !== 'string' ||
    typeof sealedBy !== 'string' ||
    typeof sealedAt !== 'string' ||
    seal.get('algorithm') !== SEAL_ALGORITHM
  ) {
    return { sealed: true, ok: false, expected: '', actual: String(hash) }
  }
  const expected = sealHash({
    content: canonicalFragment(doc.getXmlFragment(MINUTES_FIELD)),
    record: seal.get('record') ?? null,
    sealedBy,
    sealedAt,
  })
  return { sealed: true, ok: expected === hash, expected, actual: hash }
}
