/** Which published version a canvass view is about (the latest by default). */
import { SelectField } from '../form/Form'
import { Show, type JSX } from 'solid-js'
import { t } from '../../i18n'
import type { VersionEntry } from '../../domain/proposals/queries'

export function VersionPicker(props: {
  versions: VersionEntry[]
  current: VersionEntry | null
  onPick: (id: string) => void
}): JSX.Element {
  return (
    <Show when={props.versions.length > 0}>
      <SelectField
        class="field--narrow"
        label={t('canvass.version')}
        value={props.current?.id ?? ''}
        onChange={props.onPick}
        selectTestId="canvass-version"
        options={props.versions.map((v) => ({
          value: v.id,
          label: `${t('proposal.version', { n: v.no })} ${v.title}`,
        }))}
      />
    </Show>
  )
}
