/**
 * Handwritten signature with pointer events (finger, stylus or mouse). Strokes become SVG path data
 * in a fixed 600 × 200 box (stored in the meeting doc); rendering uses the same paths.
 */
import { createSignal, For, type JSX } from 'solid-js'
import { t } from '../../i18n'
import type { Signature } from '../../domain/meetings/schema'

export const PAD_W = 600
export const PAD_H = 200

const r1 = (n: number): number => Math.round(n * 10) / 10

export function SignaturePad(props: { onSave: (s: Signature) => void; onCancel: () => void }): JSX.Element {
  const [paths, setPaths] = createSignal<string[]>([])
  const [current, setCurrent] = createSignal<string | null>(null)
  let svg: SVGSVGElement | undefined

  const point = (e: PointerEvent): string => {
    const box = svg!.getBoundingClientRect()
    return `${r1(((e.clientX - box.left) / box.width) * PAD_W)} ${r1(((e.clientY - box.top) / box.height) * PAD_H)}`
  }
  const down = (e: PointerEvent): void => {
    e.preventDefault()
    svg!.setPointerCapture(e.pointerId)
    setCurrent(`M ${point(e)}`)
  }
  const move = (e: PointerEvent): void => {
    const c = current()
    if (c !== null) setCurrent(`${c} L ${point(e)}`)
  }
  const up = (): void => {
    const c = current()
    if (c !== null) setPaths((p) => [...p, c.includes('L') ? c : `${c} l 0.1 0.1`])
    setCurrent(null)
  }

  return (
    <div class="dialog-backdrop">
      <div class="dialog signature-dialog" role="dialog" aria-label={t('meeting.signIn.signature')}>
        <p>{t('meeting.signIn.pad')}</p>
        <svg
          ref={svg}
          role="img"
          aria-label={t('meeting.signIn.pad')}
          class="signature-pad"
          data-testid="signature-pad"
          viewBox={`0 0 ${PAD_W} ${PAD_H}`}
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={up}
          onPointerCancel={up}
        >
          <For each={[...paths(), ...(current() ? [current()!] : [])]}>{(d) => <path d={d} />}</For>
        </svg>
        <div class="dialog__actions">
          <button type="button" class="btn btn--ghost" onClick={() => setPaths([])}>
            {t('meeting.signIn.clear')}
          </button>
          <button type="button" class="btn btn--ghost" onClick={() => props.onCancel()}>
            {t('meeting.signIn.cancel')}
          </button>
          <button
            type="button"
            class="btn btn--primary"
            data-testid="signature-save"
            disabled={paths().length === 0}
            onClick={() => props.onSave({ width: PAD_W, height: PAD_H, paths: paths() })}
          >
            {t('meeting.signIn.save')}
          </button>
        </div>
      </div>
    </div>
  )
}

export function SignatureView(props: { signature: Signature; class?: string }): JSX.Element {
  return (
    <svg
      aria-hidden="true"
      class={props.class ?? 'signature-view'}
      viewBox={`0 0 ${props.signature.width} ${props.signature.height}`}
      role="img"
    >
      <For each={props.signature.paths}>{(d) => <path d={d} />}</For>
    </svg>
  )
}
