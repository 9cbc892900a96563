/** Which published version a canvass view is about (the latest by default). */
import { For, Show, type JSX } from 'solid-js'
import { t } from '../../i18n'
import type { VersionEntry } from '../../domain/proposals/queries'

export function VersionPicker(props: {
  versions: VersionEntry[]
  current: VersionEntry | null
  onPick: (id: string) => void
}): JSX.Element {
  return (
    <Show when={props.versions.length > 0}>
      <label class="field field--narrow">
        <span>{t('canvass.version')}</span>
        <select
          value={props.current?.id ?? ''}
          onChange={(e) => props.onPick(e.currentTarget.value)}
          data-testid="canvass-version"
        >
          <For each={props.versions}>
            {(v) => (
              <option value={v.id}>
                {t('proposal.version', { n: v.no })} {v.title}
              </option>
            )}
          </For>
        </select>
      </label>
    </Show>
  )
}
