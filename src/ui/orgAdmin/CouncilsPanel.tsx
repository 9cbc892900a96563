/** A community's councils: take one out, or place one here (unplaced, or moved from another community). */
import { createSignal, For, Show } from 'solid-js'
import { type OutlineRow, pathName } from '../../domain/org/outline'
import { t } from '../../i18n'
import { SelectField } from '../form/Form'
import { Outcome, useOrgAction } from './NodePanel'
import { type OrgAdminView, placeCouncil } from './orgApi'

export function CouncilsPanel(props: { row: OutlineRow; view: OrgAdminView; onChanged: () => Promise<void> }) {
  const [pick, setPick] = createSignal('')
  const { ok, error, busy, run } = useOrgAction()
  const node = () => props.row.node
  const candidates = () => [
    ...props.view.unplaced.map((c) => ({ value: c.id, label: `${c.name}（${t('orgadmin.notPlaced')}）` })),
    ...props.view.councils
      .filter((c) => c.orgNodeId !== node().id)
      .map((c) => ({ value: c.id, label: `${c.name}（${pathName(props.view.nodes, c.orgNodeId ?? '')}）` })),
  ]
  const nameOf = (id: string) => [...props.view.unplaced, ...props.view.councils].find((c) => c.id === id)?.name ?? id
  const place = (e: Event) => {
    e.preventDefault()
    const id = pick()
    if (!id) return
    void run(async () => {
      await placeCouncil(id, node().id)
      setPick('')
      await props.onChanged()
      return t('orgadmin.placed', { name: nameOf(id), node: node().name })
    })
  }
  const takeOut = (id: string, name: string) => {
    if (!confirm(t('orgadmin.unplaceConfirm', { name }))) return
    void run(async () => {
      await placeCouncil(id, null)
      await props.onChanged()
      return t('orgadmin.unplaced', { name })
    })
  }
  return (
    <div class="stack" data-testid="node-councils">
      <h3>{t('orgadmin.councils')}</h3>
      <Show when={props.row.councils.length > 0} fallback={<p class="muted">{t('orgadmin.noCouncils')}</p>}>
        <ul class="member-list">
          <For each={props.row.councils}>
            {(c) => (
              <li data-testid="node-council" data-council={c.id}>
                <span class="member-list__name" translate="no">
                  {c.name}
                </span>
                <button
                  type="button"
                  class="btn btn--ghost btn--small"
                  disabled={busy()}
                  onClick={() => takeOut(c.id, c.name)}
                >
                  {t('orgadmin.unplace')}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={candidates().length > 0}>
        <form class="form" data-testid="place-council" onSubmit={place}>
          <SelectField
            label={t('orgadmin.placeCouncil')}
            name="councilId"
            hint={t('orgadmin.placeHint')}
            placeholder={t('orgadmin.choose')}
            value={pick()}
            options={candidates()}
            onChange={setPick}
            selectTestId="place-council-select"
          />
          <button type="submit" class="btn" disabled={busy() || !pick()}>
            {t('orgadmin.place')}
          </button>
        </form>
      </Show>
      <Outcome ok={ok()} error={error()} testId="councils" />
    </div>
  )
}
