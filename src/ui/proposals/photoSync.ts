/**
 * Moves proposal photos between devices through the server's blob API (server/api/blobRoutes.ts):
 *
 *  - Upload queue: every photo in IndexedDB whose `uploads[councilId]` is 'pending' is PUT to
 *    /api/councils/<id>/blobs/<hash> when online — right after it is added, at app start, on the
 *    browser's `online` event, when the sync connection comes back, and with a backoff after a
 *    transient failure. The flag lives in the IDB record, so a photo taken offline is still queued
 *    after a reload; it turns 'done' only when the server confirms (201/200).
 *  - Download: a device that lacks a referenced photo GETs it, checks its SHA-256 against the name
 *    and keeps it in IndexedDB ('done': the server has it), so it shows offline from then on.
 */
import { authState, currentSession, renew } from '../../auth/session'
import { statusHub } from '../../sync/connectionStatus'
import { allPhotos, hashOf, setUploadState, updatePhoto, type StoredPhoto, type UploadState } from './photoStore'

const TYPES = ['image/jpeg', 'image/webp', 'image/png'] as const
const RETRY_MS = [5_000, 15_000, 30_000, 60_000, 120_000, 300_000]

const blobUrl = (councilId: string, hash: string) => `/api/councils/${encodeURIComponent(councilId)}/blobs/${hash}`
const online = (): boolean => typeof navigator === 'undefined' || navigator.onLine

// ---- change notifications (PhotoThumb follows its photo's record) ----

const listeners = new Map<string, Set<(p: StoredPhoto) => void>>()

export function onPhotoChange(hash: string, fn: (p: StoredPhoto) => void): () => void {
  let set = listeners.get(hash)
  if (!set) {
    set = new Set()
    listeners.set(hash, set)
  }
  set.add(fn)
  return () => {
    set.delete(fn)
    if (set.size === 0) listeners.delete(hash)
  }
}

function changed(p: StoredPhoto | undefined): void {
  if (p) for (const fn of [...(listeners.get(p.hash) ?? [])]) fn(p)
}

// ---- authenticated fetch (raw bodies; src/auth/api.ts is JSON only) ----

/** null = no usable session or no network; otherwise the server's answer (after one renewal on 401). */
async function authedFetch(url: string, init: RequestInit = {}): Promise<Response | null> {
  let s = currentSession()
  if (!s) return null
  if (!s.accessToken || s.accessExpiresAt - Date.now() < 30_000) {
    await renew()
    s = currentSession()
  }
  const go = (token: string | null | undefined) =>
    fetch(url, {
      ...init,
      credentials: 'same-origin',
      headers: { ...(init.headers as Record<string, string>), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    })
  try {
    const res = await go(s?.accessToken)
    if (res.status !== 401 || !(await renew())) return res
    return await go(currentSession()?.accessToken)
  } catch {
    return null
  }
}

// ---- upload queue ----

let running: Promise<void> | null = null
let again = false
let retryTimer: ReturnType<typeof setTimeout> | null = null
let retryStep = 0

/** Uploads every pending photo now (coalesces: a kick during a run starts one more run after it). */
export function kickUploads(): Promise<void> {
  if (running) {
    again = true
    return running
  }
  const p = (async () => {
    do {
      again = false
      await uploadPending()
    } while (again)
  })().finally(() => {
    if (running === p) running = null
  })
  running = p
  return p
}

type Outcome = 'done' | 'failed' | 'retry' | 'stop'

async function uploadPending(): Promise<void> {
  if (!online() || !currentSession()) return
  let retry = false
  for (const photo of await allPhotos().catch(() => [])) {
    for (const [councilId, state] of Object.entries(photo.uploads ?? {})) {
      if (state !== 'pending') continue
      const outcome = await uploadOne(photo, councilId)
      if (outcome === 'done' || outcome === 'failed') changed(await setUploadState(photo.hash, councilId, outcome))
      else if (outcome === 'retry') retry = true
      else return scheduleRetry() // offline or signed out: the next online/auth event kicks again
    }
  }
  if (retry) scheduleRetry()
  else retryStep = 0
}

async function uploadOne(photo: StoredPhoto, councilId: string): Promise<Outcome> {
  const res = await authedFetch(blobUrl(councilId, photo.hash), {
    method: 'PUT',
    headers: { 'Content-Type': photo.type },
    body: photo.blob,
  })
  if (!res) return 'stop'
  if (res.ok) return 'done'
  // The content itself is refused (not an image, too large, hash mismatch): retrying can't help.
  if (res.status === 400 || res.status === 413 || res.status === 415) return 'failed'
  if (res.status === 401) return 'stop'
  // 403 (role changed?), 404 (council unknown to this server yet), 429, 5xx: later.
  return 'retry'
}

function scheduleRetry(): void {
  if (retryTimer) return
  const wait = RETRY_MS[Math.min(retryStep, RETRY_MS.length - 1)]!
  retryStep++
  retryTimer = setTimeout(() => {
    retryTimer = null
    void kickUploads()
  }, wait)
}

/** Marks a stored photo pending for this council unless it already has a state there, and kicks. */
export async function queueUpload(hash: string, councilId: string): Promise<void> {
  const p = await updatePhoto(hash, (cur) =>
    cur && !cur.uploads?.[councilId] ? { ...cur, uploads: { ...cur.uploads, [councilId]: 'pending' } } : null,
  )
  changed(p)
  void kickUploads()
}

let started = false

/** App start: upload what is pending, and again whenever the network or the session comes back. */
export function startPhotoSync(): void {
  if (started || typeof window === 'undefined' || typeof indexedDB === 'undefined') return
  started = true
  const kick = () => {
    retryStep = 0
    void kickUploads()
  }
  window.addEventListener('online', kick)
  let wasOffline = statusHub.total.get().state === 'offline'
  statusHub.total.subscribe((s) => {
    const offline = s.state === 'offline'
    if (wasOffline && !offline) kick()
    wasOffline = offline
  })
  authState.subscribe((s) => {
    if (s.kind === 'signed-in' && s.renewal === 'ok') void kickUploads()
  })
  kick()
}

// ---- download ----

const inflight = new Map<string, Promise<StoredPhoto | 'retry' | 'absent'>>()

/**
 * Fetches a photo this device lacks and keeps it. 'retry': offline, not on the server yet (the
 * uploader hasn't been online), or a transient error; 'absent': the server will never give it
 * (forbidden, corrupt). Concurrent calls for the same photo share one request.
 */
export function downloadPhoto(councilId: string, hash: string): Promise<StoredPhoto | 'retry' | 'absent'> {
  const key = `${councilId}/${hash}`
  let p = inflight.get(key)
  if (!p) {
    p = fetchPhoto(councilId, hash).finally(() => inflight.delete(key))
    inflight.set(key, p)
  }
  return p
}

async function fetchPhoto(councilId: string, hash: string): Promise<StoredPhoto | 'retry' | 'absent'> {
  if (!online()) return 'retry'
  const res = await authedFetch(blobUrl(councilId, hash))
  if (!res) return 'retry'
  if (res.status === 403) return 'absent'
  if (!res.ok) return 'retry'
  let blob: Blob
  try {
    blob = await res.blob()
  } catch {
    return 'retry'
  }
  const type = (res.headers.get('Content-Type') ?? '').split(';')[0]!.trim()
  if (!(TYPES as readonly string[]).includes(type) || (await hashOf(blob)) !== hash) return 'absent'
  let width = 0
  let height = 0
  try {
    const bitmap = await createImageBitmap(blob)
    width = bitmap.width
    height = bitmap.height
    bitmap.close()
  } catch {
    return 'absent' // not decodable: don't keep it
  }
  const photo: StoredPhoto = {
    hash,
    blob: new Blob([blob], { type }),
    type: type as StoredPhoto['type'],
    width,
    height,
    bytes: blob.size,
    savedAt: Date.now(),
    uploads: { [councilId]: 'done' },
  }
  const stored = await updatePhoto(hash, (cur) =>
    cur ? { ...cur, uploads: { ...cur.uploads, [councilId]: 'done' as UploadState } } : photo,
  )
  changed(stored)
  return stored ?? photo
}

export const DOWNLOAD_RETRY_MS = RETRY_MS
