/** Item photos: picked on the device, compressed into IndexedDB (photoStore), shown from there. */
import { createResource, createSignal, For, onCleanup, Show, type JSX } from 'solid-js'
import type * as Y from 'yjs'
import { t } from '../../i18n'
import { addPhoto, removePhoto } from '../../domain/proposals/commands'
import type { PhotoEntry } from '../../domain/proposals/queries'
import { getPhoto, savePickedImage } from './photoStore'

/** One photo by hash; a placeholder when this device does not hold the blob. */
export function PhotoThumb(props: { hash: string; alt: string }): JSX.Element {
  const [url] = createResource(() => props.hash, async (hash) => {
    const p = await getPhoto(hash)
    return p ? URL.createObjectURL(p.blob) : null
  })
  onCleanup(() => {
    const u = url()
    if (u) URL.revokeObjectURL(u)
  })
  return (
    <Show when={url()} fallback={<span class="photo photo--missing" data-testid="photo-missing" title={props.hash}>{t('proposal.photo.missing')}</span>}>
      {(u) => <img class="photo" src={u()} alt={props.alt} data-testid="photo" data-hash={props.hash} />}
    </Show>
  )
}

export function ItemPhotos(props: { doc: Y.Doc; itemId: string; photos: PhotoEntry[]; editable: boolean; userId: string; alt: string }): JSX.Element {
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const pick = async (input: HTMLInputElement): Promise<void> => {
    const files = [...(input.files ?? [])]
    input.value = ''
    setError('')
    setBusy(true)
    try {
      for (const f of files) {
        const p = await savePickedImage(f)
        addPhoto(props.doc, {
          itemId: props.itemId, hash: p.hash, type: p.type, width: p.width, height: p.height, bytes: p.bytes,
          addedBy: props.userId, at: new Date().toISOString(),
        }, props.userId)
      }
    } catch {
      setError(t('proposal.photo.failed'))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div class="photos" data-testid="item-photos">
      <For each={props.photos}>
        {(p) => (
          <figure class="photo-box">
            <PhotoThumb hash={p.hash} alt={props.alt} />
            <Show when={props.editable}>
              <button type="button" class="btn btn--small btn--ghost" onClick={() => removePhoto(props.doc, p.id, props.userId)}>
                {t('proposal.photo.remove')}
              </button>
            </Show>
          </figure>
        )}
      </For>
      <Show when={props.editable}>
        <label class="btn btn--small photo-add">
          {t('proposal.photo.add')}
          <input type="file" accept="image/*" multiple class="visually-hidden" data-testid="photo-input" disabled={busy()}
            onChange={(e) => void pick(e.currentTarget)} />
        </label>
      </Show>
      <Show when={error()}><p class="form__error">{error()}</p></Show>
    </div>
  )
}
