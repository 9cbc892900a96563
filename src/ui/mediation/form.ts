/** Reading uncontrolled forms (FormData) — forms here are filled once and submitted whole. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {}
  new FormData(form).forEach((v, k) => {
    out[k] = typeof v === 'string' ? v.trim() : ''
  })
  return out
}
