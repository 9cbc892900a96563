/**
 * Picking a flat from the roll the way a unit head thinks of it: building → unit → a grid of flats
 * (by floor), each marked when it already has a ballot/visit/event. Tapping a flat fills the
 * household; the text box stays, for paper ballots read off a slip ("1-2-0101") or a quick search.
 */
import { createMemo, createSignal, createUniqueId, For, Show } from 'solid-js'
import { t } from '../../i18n'
import './flatPicker.css'

export interface PickableFlat {
  householdId: string
  building: string
  unit: string
  flat: string
  floor?: number
}

const byNumber = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true })

/** "1 号楼 2 单元 0101" — how a person names a flat (never the raw household key alone). */
export function flatName(f: PickableFlat): string {
  return t('flat.name', { b: f.building, u: f.unit, f: f.flat })
}

export function FlatPicker(props: {
  label: string
  flats: readonly PickableFlat[]
  value: string
  onPick: (householdId: string) => void
  /** the mark a flat carries (e.g. 已投 / 已走访), or null */
  mark?: (householdId: string) => string | null
  /** flats this person may not record for are shown but disabled */
  disabled?: (householdId: string) => boolean
  /** name of the text input (forms and tests read it) */
  name?: string
  required?: boolean
  testId?: string
  /** where a whole building is a valid answer (an event's location): a "整栋" choice per building */
  onPickBuilding?: (building: string) => void
  /** the building picked as a whole (shown pressed while no flat is picked) */
  pickedBuilding?: string
}) {
  const inputId = createUniqueId()
  const buildings = createMemo(() => [...new Set(props.flats.map((f) => f.building))].sort(byNumber))
  const current = () => props.flats.find((f) => f.householdId === props.value.trim())
  const [building, setBuilding] = createSignal<string | null>(null)
  const [unit, setUnit] = createSignal<string | null>(null)
  const b = () => building() ?? current()?.building ?? buildings()[0] ?? ''
  const units = createMemo(() =>
    [...new Set(props.flats.filter((f) => f.building === b()).map((f) => f.unit))].sort(byNumber),
  )
  const u = () => {
    const chosen = unit() ?? current()?.unit
    return chosen && units().includes(chosen) ? chosen : (units()[0] ?? '')
  }
  const grid = createMemo(() =>
    props.flats
      .filter((f) => f.building === b() && f.unit === u())
      .sort((x, y) => (y.floor ?? 0) - (x.floor ?? 0) || byNumber(x.flat, y.flat)),
  )

  return (
    <div class="flat-picker" data-testid={props.testId}>
      <div class="ui-field">
        <label class="ui-field__label" for={inputId}>
          {props.label}
        </label>
        <input
          id={inputId}
          class="ui-input"
          name={props.name ?? 'household'}
          value={props.value}
          required={props.required}
          autocomplete="off"
          inputmode="text"
          aria-describedby={`${inputId}-hint`}
          onInput={(e) => props.onPick(e.currentTarget.value)}
        />
        <p class="ui-field__hint" id={`${inputId}-hint`}>
          <Show when={current()} fallback={t('flat.typeHint')}>
            {(f) => <strong data-testid="flat-picked">{flatName(f())}</strong>}
          </Show>
        </p>
      </div>
      <Show when={buildings().length > 1}>
        <div class="flat-picker__row" role="group" aria-label={t('flat.building')}>
          <For each={buildings()}>
            {(x) => (
              <button
                type="button"
                class="btn flat-picker__chip"
                aria-pressed={x === b()}
                onClick={() => {
                  setBuilding(x)
                  setUnit(null)
                }}
              >
                {t('flat.buildingN', { b: x })}
              </button>
            )}
          </For>
        </div>
      </Show>
      <Show when={units().length > 1}>
        <div class="flat-picker__row" role="group" aria-label={t('flat.unit')}>
          <For each={units()}>
            {(x) => (
              <button type="button" class="btn flat-picker__chip" aria-pressed={x === u()} onClick={() => setUnit(x)}>
                {t('flat.unitN', { u: x })}
              </button>
            )}
          </For>
        </div>
      </Show>
      <Show when={props.onPickBuilding}>
        {(pick) => (
          <button
            type="button"
            class="btn flat-picker__chip"
            aria-pressed={!props.value.trim() && props.pickedBuilding === b()}
            data-testid="flat-picker-building"
            onClick={() => pick()(b())}
          >
            {t('forms.wholeBuilding', { b: b() })}
          </button>
        )}
      </Show>
      <div class="flat-picker__grid" role="group" aria-label={t('flat.grid', { b: b(), u: u() })}>
        <For each={grid()}>
          {(f) => {
            const mark = () => props.mark?.(f.householdId) ?? null
            return (
              <button
                type="button"
                class="flat-picker__flat"
                classList={{ 'flat-picker__flat--marked': !!mark() }}
                aria-pressed={f.householdId === props.value.trim()}
                disabled={props.disabled?.(f.householdId)}
                data-household={f.householdId}
                onClick={() => props.onPick(f.householdId)}
              >
                <span class="flat-picker__no">{f.flat}</span>
                <Show when={mark()}>{(m) => <span class="flat-picker__mark">✓ {m()}</span>}</Show>
              </button>
            )
          }}
        </For>
      </div>
    </div>
  )
}
