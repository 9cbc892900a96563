/**
 * Photos of proposal items stay out of the Yjs doc (which every device syncs whole): the image is
 * compressed on the device (canvas → JPEG, longest side ≤ 1280 px) and kept as a Blob in its own
 * IndexedDB database, keyed by the SHA-256 of its bytes; the doc only references the hash. Works
 * offline; survives reloads. Each record carries its upload state per council (`uploads`), so a
 * photo taken offline is still queued after a reload; photoSync.ts uploads pending ones
 * (PUT /api/councils/<id>/blobs/<hash>) and fetches the ones this device lacks.
 */
import { sha256 } from '../../domain/crypto/sha256'

const DB = 'yishi-photos'
const STORE = 'blobs'
/** Long enough for a building's wall to be legible on a tablet; ~150–300 KB as JPEG q0.8. */
export const MAX_SIDE = 1280
const QUALITY = 0.8

export interface StoredPhoto {
  hash: string
  blob: Blob
  type: 'image/jpeg' | 'image/webp' | 'image/png'
  width: number
  height: number
  bytes: number
  savedAt: number
  /**
   * Per council: 'pending' = not yet confirmed by the server (retried when online), 'done' = the
   * server has it (uploaded or downloaded from there), 'failed' = refused for good (bad content).
   * Absent on records saved before uploads existed: queued once a council shows them.
   */
  uploads?: Record<string, UploadState>
}

export type UploadState = 'pending' | 'done' | 'failed'

let dbPromise: Promise<IDBDatabase> | null = null

function db(): Promise<IDBDatabase> {
  dbPromise ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1)
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'hash' })
    }
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error('indexedDB open failed'))
  })
  return dbPromise
}

function request<T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return db().then(
    (d) =>
      new Promise<T>((resolve, reject) => {
        const tx = d.transaction(STORE, mode)
        const r = run(tx.objectStore(STORE))
        tx.oncomplete = () => resolve(r.result)
        tx.onerror = () => reject(tx.error ?? new Error('indexedDB failed'))
        tx.onabort = () => reject(tx.error ?? new Error('indexedDB aborted'))
      }),
  )
}

export const getPhoto = (hash: string): Promise<StoredPhoto | undefined> =>
  request<StoredPhoto | undefined>('readonly', (s) => s.get(hash) as IDBRequest<StoredPhoto | undefined>)

export const putPhoto = (p: StoredPhoto): Promise<unknown> => request('readwrite', (s) => s.put(p))

export const allPhotos = (): Promise<StoredPhoto[]> =>
  request<StoredPhoto[]>('readonly', (s) => s.getAll() as IDBRequest<StoredPhoto[]>)

/**
 * Read-modify-write of one record in a single transaction (no lost update when two tabs mark the same
 * photo). `change` returns the new record, or null to leave it as is. Resolves to the stored record.
 */
export function updatePhoto(
  hash: string,
  change: (cur: StoredPhoto | undefined) => StoredPhoto | null,
): Promise<StoredPhoto | undefined> {
  return db().then(
    (d) =>
      new Promise<StoredPhoto | undefined>((resolve, reject) => {
        const tx = d.transaction(STORE, 'readwrite')
        const store = tx.objectStore(STORE)
        let result: StoredPhoto | undefined
        const get = store.get(hash) as IDBRequest<StoredPhoto | undefined>
        get.onsuccess = () => {
          result = get.result
          const next = change(get.result)
          if (next) {
            result = next
            store.put(next)
          }
        }
        tx.oncomplete = () => resolve(result)
        tx.onerror = () => reject(tx.error ?? new Error('indexedDB failed'))
        tx.onabort = () => reject(tx.error ?? new Error('indexedDB aborted'))
      }),
  )
}

/** Sets one council's upload state of a stored photo (no-op when the photo isn't on this device). */
export const setUploadState = (hash: string, councilId: string, state: UploadState): Promise<StoredPhoto | undefined> =>
  updatePhoto(hash, (cur) =>
    cur && cur.uploads?.[councilId] !== state ? { ...cur, uploads: { ...cur.uploads, [councilId]: state } } : null,
  )

export async function hashOf(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer())
  // WebCrypto exists only in secure contexts (https, localhost); a LAN http address falls back.
  const d = globalThis.crypto?.subtle ? new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)) : sha256(bytes)
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** Decodes the chosen file, scales it to ≤ MAX_SIDE and re-encodes it as JPEG. */
export async function compressImage(file: Blob): Promise<{ blob: Blob; width: number; height: number }> {
  const bitmap = await createImageBitmap(file)
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height))
  const width = Math.max(1, Math.round(bitmap.width * scale))
  const height = Math.max(1, Math.round(bitmap.height * scale))
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('no 2d canvas')
  ctx.fillStyle = '#fff' // transparent PNGs become white, not black, as JPEG
  ctx.fillRect(0, 0, width, height)
  ctx.drawImage(bitmap, 0, 0, width, height)
  bitmap.close()
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode failed'))), 'image/jpeg', QUALITY),
  )
  return { blob, width, height }
}

/**
 * Compresses, hashes and stores a picked image, queued for upload to `councilId` (kept 'done' if the
 * same picture is already on the server); returns what the doc's photo reference needs.
 */
export async function savePickedImage(file: Blob, councilId: string): Promise<StoredPhoto> {
  const { blob, width, height } = await compressImage(file)
  const hash = await hashOf(blob)
  const photo: StoredPhoto = { hash, blob, type: 'image/jpeg', width, height, bytes: blob.size, savedAt: Date.now() }
  const stored = await updatePhoto(hash, (cur) => {
    const uploads = { ...cur?.uploads }
    if (uploads[councilId] !== 'done') uploads[councilId] = 'pending'
    return { ...(cur ?? photo), uploads }
  })
  return stored ?? photo
}
