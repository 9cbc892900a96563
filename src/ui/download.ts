import { currentSession } from '../auth/session'

/**
 * Saves a file: `download(name, text, mime)` for text made on this device, `download(name, blob)`
 * for bytes as they came (a server export keeps its BOM). A temporary link; the URL is released a
 * second later, once the browser has started the save.
 */
export function download(filename: string, body: string, mime: string): void
export function download(filename: string, body: Blob): void
export function download(filename: string, body: string | Blob, mime?: string): void {
  const url = URL.createObjectURL(typeof body === 'string' ? new Blob([body], { type: mime }) : body)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** Fetches a server export with this session's token and saves it; throws if refused or offline. */
export async function downloadExport(path: string, filename: () => string): Promise<void> {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${currentSession()?.accessToken ?? ''}` } })
  if (!res.ok) throw new Error(String(res.status))
  download(filename(), await res.blob())
}
