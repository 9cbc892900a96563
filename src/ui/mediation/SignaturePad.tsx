/**
 * Handwritten signature on the tablet as SVG path data (pointer events: finger, stylus or mouse);
 * or "按指印": the party presses a fingerprint on the paper copy and the mediator records it here.
 */
import { createSignal, Show } from 'solid-js'
import { CheckField } from '../form/Form'
import { t } from '../../i18n'

export const PAD_W = 600
export const PAD_H = 200

export function SignaturePad(props: {
  name: string
  onDone: (r: { method: 'handwriting' | 'fingerprint'; path: string }) => void
  onCancel: () => void
}) {
  const [path, setPath] = createSignal('')
  const [fingerprint, setFingerprint] = createSignal(false)
  let svg: SVGSVGElement | undefined
  let drawing = false
  const point = (e: PointerEvent) => {
    const r = svg!.getBoundingClientRect()
    const x = ((e.clientX - r.left) / r.width) * PAD_W
    const y = ((e.clientY - r.top) / r.height) * PAD_H
    return `${x.toFixed(1)} ${y.toFixed(1)}`
  }
  const down = (e: PointerEvent) => {
    drawing = true
    svg!.setPointerCapture?.(e.pointerId)
    setPath(`${path()} M${point(e)}`.trim())
  }
  const move = (e: PointerEvent) => {
    if (drawing) setPath(`${path()} L${point(e)}`)
  }
  const up = () => {
    drawing = false
  }
  const ok = () => (fingerprint() ? true : path().includes('L'))
  return (
    <div class="dialog-backdrop" role="dialog" aria-modal="true">
      <div class="dialog med-sign" data-testid="signature-dialog">
        <h3>{t('mediation.signFor', { name: props.name })}</h3>
        <CheckField
          label={t('mediation.fingerprint')}
          testId="sign-fingerprint"
          checked={fingerprint()}
          onChange={setFingerprint}
        />
        <Show when={!fingerprint()}>
          <p class="muted">{t('mediation.signHere')}</p>
          <svg
            ref={svg}
            role="img"
            aria-label={t('mediation.signHere')}
            class="med-pad"
            data-testid="signature-pad"
            viewBox={`0 0 ${PAD_W} ${PAD_H}`}
            onPointerDown={down}
            onPointerMove={move}
            onPointerUp={up}
            onPointerLeave={up}
          >
            <path
              d={path() || 'M0 0'}
              fill="none"
              stroke="#111"
              stroke-width="3"
              stroke-linecap="round"
              stroke-linejoin="round"
            />
          </svg>
          <button type="button" class="btn btn--small" onClick={() => setPath('')}>
            {t('mediation.clear')}
          </button>
        </Show>
        <div class="dialog__actions">
          <button type="button" class="btn" onClick={() => props.onCancel()}>
            {t('mediation.cancel')}
          </button>
          <button
            type="button"
            class="btn btn--primary"
            data-testid="sign-confirm"
            disabled={!ok()}
            onClick={() =>
              props.onDone({ method: fingerprint() ? 'fingerprint' : 'handwriting', path: fingerprint() ? '' : path() })
            }
          >
            {t('mediation.confirmSign')}
          </button>
        </div>
      </div>
    </div>
  )
}
