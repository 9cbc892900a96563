/**
 * Large-type mode (大字模式): 100 / 125 / 150 % of the 18 px body, chosen in 我的 and remembered per
 * device (localStorage, not the account: the same person may use a small phone and a big tablet).
 * Applied as `data-type-scale` on <html> before the first render, so no page flashes small first.
 */
import { createSignal } from 'solid-js'

export const TYPE_SCALES = ['100', '125', '150'] as const
export type TypeScale = (typeof TYPE_SCALES)[number]
const KEY = 'yishi:typeScale'

function stored(): TypeScale {
  const v = globalThis.localStorage?.getItem(KEY)
  return (TYPE_SCALES as readonly string[]).includes(v ?? '') ? (v as TypeScale) : '100'
}

const [typeScale, setSignal] = createSignal<TypeScale>(stored())
export { typeScale }

function apply(scale: TypeScale): void {
  if (typeof document === 'undefined') return
  if (scale === '100') delete document.documentElement.dataset.typeScale
  else document.documentElement.dataset.typeScale = scale
}

export function setTypeScale(scale: TypeScale): void {
  globalThis.localStorage?.setItem(KEY, scale)
  apply(scale)
  setSignal(scale)
}

/** Called once at startup. */
export function applyStoredTypeScale(): void {
  apply(typeScale())
}
