/**
 * Item photos: picked on the device, compressed into IndexedDB (photoStore), shown from there;
 * uploaded to the server and fetched by other devices through photoSync.
 */
import { FileButton } from '../form/Form'
import { createEffect, createMemo, createSignal, For, on, onCleanup, Show, type JSX } from 'solid-js'
import { useParams } from '@solidjs/router'
import type * as Y from 'yjs'
import { t } from '../../i18n'
import { addPhoto, removePhoto } from '../../domain/proposals/commands'
import type { PhotoEntry } from '../../domain/proposals/queries'
import { getPhoto, savePickedImage, type StoredPhoto } from './photoStore'
import { proposalRefusalText } from './refusals'
import { DOWNLOAD_RETRY_MS, downloadPhoto, kickUploads, onPhotoChange, queueUpload } from './photoSync'

/**
 * One photo by hash, from this device's IndexedDB; fetched from the server when missing (retried
 * while shown: when the network comes back, and with a backoff while the uploader hasn't been
 * online yet). `data-upload` tells whether the server has this device's copy yet.
 */
export function PhotoThumb(props: { hash: string; alt: string; councilId: string }): JSX.Element {
  const [photo, setPhoto] = createSignal<StoredPhoto | null>(null)
  const [gone, setGone] = createSignal(false)
  createEffect(
    on(
      () => [props.hash, props.councilId] as const,
      ([hash, councilId]) => {
        let alive = true
        let timer: ReturnType<typeof setTimeout> | null = null
        let step = 0
        setPhoto(null)
        setGone(false)
        const tryDownload = async (): Promise<void> => {
          if (!alive || photo()) return
          if (timer) clearTimeout(timer)
          timer = null
          const r = await downloadPhoto(councilId, hash)
          if (!alive) return
          if (r === 'absent') setGone(true)
          else if (r === 'retry')
            timer = setTimeout(
              () => void tryDownload(),
              DOWNLOAD_RETRY_MS[Math.min(step++, DOWNLOAD_RETRY_MS.length - 1)],
            )
          else setPhoto(r)
        }
        const onOnline = (): void => {
          step = 0
          void tryDownload()
        }
        window.addEventListener('online', onOnline)
        const unsub = onPhotoChange(hash, (p) => setPhoto(p))
        onCleanup(() => {
          alive = false
          if (timer) clearTimeout(timer)
          window.removeEventListener('online', onOnline)
          unsub()
        })
        void getPhoto(hash).then(
          (p) => {
            if (!alive) return
            if (!p) return void tryDownload()
            setPhoto(p)
            // Saved before uploads existed, or shown in another council than it was taken for.
            if (!p.uploads?.[councilId]) void queueUpload(hash, councilId)
          },
          () => void tryDownload(),
        )
      },
    ),
  )
  // One object URL per blob (an upload-state change keeps the same Blob, so the image doesn't reload).
  const blob = createMemo(() => photo()?.blob ?? null, null, {
    equals: (a, b) => a === b || (!!a && !!b && a.size === b.size && a.type === b.type),
  })
  const url = createMemo(() => {
    const b = blob()
    if (!b) return null
    const u = URL.createObjectURL(b)
    onCleanup(() => URL.revokeObjectURL(u))
    return u
  })
  const upload = () => photo()?.uploads?.[props.councilId] ?? 'pending'
  return (
    <Show
      when={url()}
      fallback={
        <span
          class="photo photo--missing"
          data-testid="photo-missing"
          data-state={gone() ? 'absent' : 'waiting'}
          title={props.hash}
        >
          {t('proposal.photo.missing')}
        </span>
      }
    >
      {(u) => (
        <span class="photo-wrap">
          <img
            class="photo"
            src={u()}
            alt={props.alt}
            data-testid="photo"
            data-hash={props.hash}
            data-upload={upload()}
          />
          <Show when={upload() !== 'done'}>
            <span class="photo__badge" data-testid="photo-upload-state">
              {upload() === 'failed' ? t('proposal.photo.uploadFailed') : t('proposal.photo.pending')}
            </span>
          </Show>
        </span>
      )}
    </Show>
  )
}

export function ItemPhotos(props: {
  doc: Y.Doc
  itemId: string
  photos: PhotoEntry[]
  editable: boolean
  userId: string
  alt: string
}): JSX.Element {
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const params = useParams<{ councilId: string }>()
  const pick = async (files: File[]): Promise<void> => {
    setError('')
    setBusy(true)
    try {
      for (const f of files) {
        const p = await savePickedImage(f, params.councilId)
        const r = addPhoto(
          props.doc,
          {
            itemId: props.itemId,
            hash: p.hash,
            type: p.type,
            width: p.width,
            height: p.height,
            bytes: p.bytes,
            addedBy: props.userId,
            at: new Date().toISOString(),
          },
          props.userId,
        )
        if (!r.ok) setError(proposalRefusalText(r))
      }
    } catch {
      setError(t('proposal.photo.failed'))
    } finally {
      setBusy(false)
      void kickUploads()
    }
  }
  return (
    <div class="photos" data-testid="item-photos">
      <For each={props.photos}>
        {(p) => (
          <figure class="photo-box">
            <PhotoThumb hash={p.hash} alt={props.alt} councilId={params.councilId} />
            <Show when={props.editable}>
              <button
                type="button"
                class="btn btn--small btn--ghost"
                onClick={() => removePhoto(props.doc, p.id, props.userId)}
              >
                {t('proposal.photo.remove')}
              </button>
            </Show>
          </figure>
        )}
      </For>
      <Show when={props.editable}>
        <FileButton
          class="btn--small photo-add"
          label={t('proposal.photo.add')}
          accept="image/*"
          multiple
          testId="photo-input"
          disabled={busy()}
          onFiles={(files) => void pick(files)}
        />
      </Show>
      <Show when={error()}>
        <p class="form__error">{error()}</p>
      </Show>
    </div>
  )
}
