/**
 * Two-way binding between a <textarea> and a Y.Text. Local input becomes one minimal edit
 * (common prefix/suffix); remote changes update the textarea and keep the caret in place. While an
 * IME composition is active (pinyin input!) remote changes are held back and applied afterwards,
 * with the local edit transformed through them so neither side is lost.
 */
import type * as Y from 'yjs'
import { diffText, transformEdit, transformPosition, type TextDelta } from '../../sync/textDiff'

export function bindTextarea(el: HTMLTextAreaElement, ytext: Y.Text): () => void {
  const localOrigin = { binding: 'textarea' }
  /** The Y.Text content the textarea last reflected; local diffs are computed against it. */
  let base = ytext.toString()
  /** Remote deltas applied to ytext since `base` (non-empty only during composition). */
  let remoteSinceBase: TextDelta[] = []
  let composing = false
  el.value = base

  const render = (): void => {
    const next = ytext.toString()
    let start = el.selectionStart
    let end = el.selectionEnd
    for (const d of remoteSinceBase) {
      start = transformPosition(start, d)
      end = transformPosition(end, d)
    }
    remoteSinceBase = []
    base = next
    if (el.value === next) return
    const focused = document.activeElement === el
    el.value = next
    if (focused) el.setSelectionRange(start, end, el.selectionDirection)
  }

  const applyLocal = (): void => {
    const edit = diffText(base, el.value)
    if (edit) {
      const e = transformEdit(edit, remoteSinceBase)
      ytext.doc?.transact(() => {
        if (e.deleteCount > 0) ytext.delete(e.index, e.deleteCount)
        if (e.insert) ytext.insert(e.index, e.insert)
      }, localOrigin)
    }
    if (remoteSinceBase.length > 0 || ytext.toString() !== el.value) render()
    else base = el.value
  }

  const onChange = (event: Y.YTextEvent): void => {
    if (event.transaction.origin === localOrigin) return
    remoteSinceBase.push(event.delta as TextDelta)
    if (!composing) render()
  }
  const onInput = (e: Event): void => {
    if (composing || (e as InputEvent).isComposing) return
    applyLocal()
  }
  const onCompositionStart = (): void => {
    composing = true
  }
  const onCompositionEnd = (): void => {
    composing = false
    applyLocal()
  }

  ytext.observe(onChange)
  el.addEventListener('input', onInput)
  el.addEventListener('compositionstart', onCompositionStart)
  el.addEventListener('compositionend', onCompositionEnd)
  return () => {
    ytext.unobserve(onChange)
    el.removeEventListener('input', onInput)
    el.removeEventListener('compositionstart', onCompositionStart)
    el.removeEventListener('compositionend', onCompositionEnd)
  }
}
