/**
 * 导出名册: online, the server's export (full phones only where this role may see them; the
 * server audits it); offline, the same columns from the roll on this device, phones masked.
 */
import { createSignal, Show } from 'solid-js'
import { rollCsv } from '../../domain/exports/rollCsv'
import type { HouseholdRecord } from '../../domain/roll/schema'
import { t } from '../../i18n'
import { download, downloadExport } from '../download'

export function RollExport(props: { councilId: string; households: readonly HouseholdRecord[] }) {
  const [note, setNote] = createSignal('')
  const run = async () => {
    const name = `名册-${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)}.csv`
    try {
      await downloadExport(`/api/councils/${props.councilId}/roll/export.csv`, () => name)
      setNote('')
    } catch {
      download(name, rollCsv(props.households), 'text/csv;charset=utf-8')
      setNote(t('roll.exportMasked'))
    }
  }
  return (
    <p class="link-row">
      <button type="button" class="btn" data-testid="roll-export" onClick={() => void run()}>
        {t('roll.export')}
      </button>
      <Show when={note()}>
        <span class="muted">{note()}</span>
      </Show>
    </p>
  )
}
