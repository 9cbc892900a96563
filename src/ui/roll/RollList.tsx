/** Search box, then either the matches or the building → unit → flat tree (rows built when opened). */
import { TextField } from '../form/Form'
import { createMemo, createSignal, For, Show } from 'solid-js'
import { formatAreaCenti } from '../../domain/law/area'
import { rollTree, searchRoll } from '../../domain/roll/queries'
import type { HouseholdRecord } from '../../domain/roll/schema'
import { t } from '../../i18n'
import { PhoneButton } from './PhoneButton'

interface Props {
  councilId: string
  households: HouseholdRecord[]
  canViewPhone: (hid: string) => boolean
}

export function RollList(props: Props) {
  const [query, setQuery] = createSignal('')
  const matches = createMemo(() => searchRoll(props.households, query()))
  const tree = createMemo(() => rollTree(props.households))
  return (
    <>
      <TextField
        class="roll-search"
        label={t('roll.search')}
        type="search"
        data-testid="roll-search"
        value={query()}
        onInput={setQuery}
      />
      <Show
        when={query().trim() === ''}
        fallback={
          <Show when={matches().length > 0} fallback={<p class="empty">{t('roll.noResults')}</p>}>
            <FlatTable {...props} flats={matches()} />
          </Show>
        }
      >
        <For each={tree()}>
          {(b) => {
            const [open, setOpen] = createSignal(false)
            const count = () => b.units.reduce((n, u) => n + u.flats.length, 0)
            return (
              <details
                class="roll-building"
                data-testid="roll-building"
                onToggle={(e) => setOpen(e.currentTarget.open)}
              >
                <summary>
                  {t('roll.building', { b: b.building })}{' '}
                  <span class="muted">{t('roll.flatCount', { n: count() })}</span>
                </summary>
                <Show when={open()}>
                  <For each={b.units}>
                    {(u) => (
                      <div class="roll-unit">
                        <h3>{t('roll.unit', { u: u.unit })}</h3>
                        <FlatTable {...props} flats={u.flats} />
                      </div>
                    )}
                  </For>
                </Show>
              </details>
            )
          }}
        </For>
      </Show>
    </>
  )
}

function FlatTable(props: Props & { flats: HouseholdRecord[] }) {
  return (
    <table class="roll-table">
      <thead>
        <tr>
          <th>{t('roll.flat')}</th>
          <th>{t('roll.owner')}</th>
          <th class="num">{t('roll.areaCol')}</th>
          <th>{t('roll.phone')}</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.flats}>
          {(h) => (
            <tr data-testid="roll-flat" data-household={h.householdId}>
              <td>{h.householdId}</td>
              <td>
                {h.ownerName}
                <Show when={h.coOwners.length > 0}>
                  <span class="muted">、{h.coOwners.join('、')}</span>
                </Show>
              </td>
              <td class="num">{formatAreaCenti(h.areaCenti)}</td>
              <td>
                <PhoneButton
                  councilId={props.councilId}
                  householdId={h.householdId}
                  masked={h.phone}
                  allowed={props.canViewPhone(h.householdId)}
                />
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  )
}
