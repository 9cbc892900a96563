/** Handwritten signature on a canvas, kept as an SVG path ("M x y L x y …", integer canvas pixels). */
import { onCleanup, onMount } from 'solid-js'
import { t } from '../../i18n'

export function SignaturePad(props: { onChange: (path: string) => void; ref?: (api: { clear(): void }) => void }) {
  let canvas!: HTMLCanvasElement
  let path = ''
  let drawing = false
  const pos = (e: PointerEvent) => {
    const r = canvas.getBoundingClientRect()
    return [
      Math.round(((e.clientX - r.left) * canvas.width) / r.width),
      Math.round(((e.clientY - r.top) * canvas.height) / r.height),
    ] as const
  }
  const clear = () => {
    path = ''
    canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height)
    props.onChange('')
  }
  const down = (e: PointerEvent) => {
    e.preventDefault()
    drawing = true
    try {
      canvas.setPointerCapture(e.pointerId)
    } catch {
      // some WebViews refuse capture; drawing still works inside the box
    }
    const [x, y] = pos(e)
    path += `${path ? ' ' : ''}M ${x} ${y}`
    const c = canvas.getContext('2d')
    c?.beginPath()
    c?.moveTo(x, y)
  }
  const move = (e: PointerEvent) => {
    if (!drawing) return
    const [x, y] = pos(e)
    path += ` L ${x} ${y}`
    const c = canvas.getContext('2d')
    if (c) {
      c.lineWidth = 3
      c.lineTo(x, y)
      c.stroke()
    }
    props.onChange(path)
  }
  const up = () => {
    drawing = false
    props.onChange(path)
  }
  // Native listeners (not Solid's delegated ones): pointer capture retargets events to the canvas.
  onMount(() => {
    canvas.addEventListener('pointerdown', down)
    canvas.addEventListener('pointermove', move)
    canvas.addEventListener('pointerup', up)
    canvas.addEventListener('pointercancel', up)
    props.ref?.({ clear })
  })
  onCleanup(() => {
    canvas.removeEventListener('pointerdown', down)
    canvas.removeEventListener('pointermove', move)
    canvas.removeEventListener('pointerup', up)
    canvas.removeEventListener('pointercancel', up)
  })
  return (
    <div class="signature">
      <span>{t('voting.signature')}</span>
      <canvas ref={canvas} width={600} height={200} data-testid="signature" />
      <button type="button" class="btn btn--small btn--ghost" onClick={clear}>
        {t('voting.clearSignature')}
      </button>
    </div>
  )
}
