/**
 * Pure helpers for binding a plain <textarea> to a Y.Text: a minimal single-range diff (common
 * prefix/suffix) for local input, and caret/index transformation through remote Y.Text deltas.
 */

export interface TextEdit {
  index: number
  deleteCount: number
  insert: string
}

/** The single edit turning `before` into `after`, or null if equal. Never splits a surrogate pair. */
export function diffText(before: string, after: string): TextEdit | null {
  if (before === after) return null
  const max = Math.min(before.length, after.length)
  let start = 0
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++
  // Don't cut between a high and low surrogate (emoji, rare CJK extension characters).
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--
  let end = 0
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end))
    end++
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--
  return {
    index: start,
    deleteCount: before.length - start - end,
    insert: after.slice(start, after.length - end),
  }
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff
}

/** A Y.Text delta as delivered by YTextEvent.delta (attributes ignored). */
export type TextDelta = Array<{ insert?: unknown; delete?: number; retain?: number }>

/**
 * Maps a position in the text before `delta` to the position after it. Text inserted exactly at the
 * position pushes it right only when `assoc` is 1; with -1 (the default, for carets) the position
 * stays before the inserted text.
 */
export function transformPosition(pos: number, delta: TextDelta, assoc: -1 | 1 = -1): number {
  let oldIdx = 0
  let shift = 0
  for (const op of delta) {
    if (op.retain !== undefined) {
      oldIdx += op.retain
      if (oldIdx > pos) break
    } else if (op.insert !== undefined) {
      const len = typeof op.insert === 'string' ? op.insert.length : 1
      if (oldIdx < pos || (oldIdx === pos && assoc === 1)) shift += len
      else break
    } else if (op.delete !== undefined) {
      const delEnd = oldIdx + op.delete
      if (delEnd <= pos) shift -= op.delete
      else if (oldIdx < pos) shift -= pos - oldIdx
      oldIdx = delEnd
      if (oldIdx > pos) break
    }
  }
  return Math.max(0, pos + shift)
}

/** Transforms a local edit made against an older text through remote deltas applied since. */
export function transformEdit(edit: TextEdit, deltas: TextDelta[]): TextEdit {
  let start = edit.index
  let end = edit.index + edit.deleteCount
  for (const d of deltas) {
    start = transformPosition(start, d, 1)
    end = Math.max(start, transformPosition(end, d, -1))
  }
  return { index: start, deleteCount: end - start, insert: edit.insert }
}
