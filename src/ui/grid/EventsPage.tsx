/** `/c/:councilId/grid/events`: the worklist (overdue first), the report form (works offline), exports. */
import { OfflineHint } from '../OfflineHint'
import { A } from '@solidjs/router'
import { createMemo, createSignal, For, Show } from 'solid-js'
import { eventRecord, readEvents, reportEvent, slaState, worklist, type EventView } from '../../domain/grid/events'
import { newEventId } from '../../domain/grid/ids'
import { eventsCsv, eventsJson, open311Json } from '../../domain/grid/exports'
import { EVENT_CATEGORIES, type EventCategory } from '../../domain/grid/schema'
import { shanghaiDay } from '../../domain/grid/time'
import { formatDateTime } from '../../i18n/dates'
import { t, type MessageKey } from '../../i18n'
import { CouncilGate } from '../CouncilGate'
import { CheckField, FileButton, PrimaryButton, SelectField, TextArea, TextField } from '../form/Form'
import { problemText } from '../form/problemText'
import { useWriter } from '../form/useWriter'
import { eventEntryProblem } from './eventChecks'
import { useCouncilAccess } from '../session'
import { useDocValue } from '../useDoc'
import { useNow } from '../useNow'
import { download } from '../download'
import { gridCaps, shrinkPhoto, useGridActor, useGridDoc } from './useGrid'
import './grid.css'
import { docName } from '../../domain/docTypes'
import { readRoll } from '../../domain/roll/queries'
import { FlatPicker } from '../roll/FlatPicker'
import { useDoc } from '../useDoc'
import { useYVersion } from '../meetings/useMeeting'
import { gridRefusalText } from './refusals'

export const categoryLabel = (c: string) => t(`grid.cat.${c}` as MessageKey)
export const statusLabel = (s: string) => t(`grid.status.${s}` as MessageKey)

export default function EventsPage() {
  return <CouncilGate reads="event">{(c) => <Events councilId={c} />}</CouncilGate>
}

function Events(props: { councilId: string }) {
  const access = useCouncilAccess(() => props.councilId)
  const caps = () => gridCaps(access())
  const now = useNow()
  const actor = useGridActor(caps)
  const doc = useGridDoc(docName('event', props.councilId), caps().writeEvents)
  const snap = useDocValue(doc.handle.doc, doc.handle.ready, (d) => readEvents(d))
  const [showAll, setShowAll] = createSignal(false)
  const list = createMemo(() => worklist(snap().events, now()).filter((v) => showAll() || !v.closed))
  // staff who may read the roll pick the flat from it (building → unit → flat); others type it
  const roll = access().canRead('roll') && caps().staff ? useDoc(docName('roll', props.councilId)) : null
  const rollVersion = roll ? useYVersion(roll.handle.doc) : () => 0
  const rollFlats = createMemo(() => {
    rollVersion()
    if (!roll) return null
    const flats = readRoll(roll.handle.doc).households
    return flats.length > 0 ? flats : null
  })
  const withEvents = createMemo(() => new Set(snap().events.flatMap((v) => (v.householdId ? [v.householdId] : []))))
  const writer = useWriter(() => props.councilId, 'event')
  const myHousehold = () => access().memberships.flatMap((m) => m.scope.households ?? [])[0] ?? ''

  const [category, setCategory] = createSignal<EventCategory>('facility')
  const [title, setTitle] = createSignal('')
  const [place, setPlace] = createSignal('')
  const [building, setBuilding] = createSignal('')
  const [household, setHousehold] = createSignal(caps().staff ? '' : myHousehold())
  const [description, setDescription] = createSignal('')
  const [photo, setPhoto] = createSignal<string | undefined>()
  const [error, setError] = createSignal('')

  const submit = (e: Event) => {
    e.preventDefault()
    setError('')
    const at = Date.now()
    const hh = household().trim()
    const b = building().trim() || (/^([0-9A-Za-z]{1,8})-/.exec(hh)?.[1] ?? '')
    const input = {
      category: category(),
      title: title().trim(),
      description: description().trim(),
      place: place().trim(),
      ...(b ? { building: b } : {}),
      ...(hh ? { householdId: hh } : {}),
      ...(photo() ? { photo: photo() } : {}),
      gridId: null,
      source: caps().staff ? ('worker' as const) : ('resident' as const),
      foundAt: at,
    }
    const id = newEventId()
    // Refused at entry, with the reason, exactly what the server would refuse: nothing is written.
    const p = eventEntryProblem(writer(), eventRecord(input, actor(), at, id))
    if (p) {
      setError(problemText(p, { flat: hh, forbidden: 'forms.problem.residentOwn' }))
      return
    }
    const r = reportEvent(doc.handle.doc, input, actor(), at, id)
    if (!r.ok) {
      // the title is the one field a person can get wrong here (empty, too long): say that; else the generic sentence
      setError(r.detail === 'title' ? t('grid.event.invalid') : gridRefusalText(r))
      return
    }
    setTitle('')
    setPlace('')
    setDescription('')
    setPhoto(undefined)
    setBuilding('')
    if (caps().staff) setHousehold('')
  }
  const stamp = () => shanghaiDay(now())

  return (
    <div class="stack">
      <A href={`/c/${props.councilId}/grid`} class="back-link">
        ← {t('grid.back')}
      </A>
      <Show when={caps().writeEvents}>
        <form class="card form" onSubmit={submit} data-testid="event-form">
          <h2>{caps().staff ? t('grid.event.new') : t('grid.event.newResident')}</h2>
          <SelectField
            label={t('grid.event.category')}
            value={category()}
            onChange={(v) => setCategory(v as EventCategory)}
            selectTestId="event-category"
            options={EVENT_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) }))}
          />
          <TextField
            label={t('grid.event.title')}
            name="title"
            value={title()}
            onInput={setTitle}
            required
            maxLength={100}
          />
          <TextField label={t('grid.event.place')} name="place" value={place()} onInput={setPlace} maxLength={200} />
          <Show
            when={rollFlats()}
            fallback={
              <div class="row">
                <TextField
                  label={t('grid.event.building')}
                  name="building"
                  value={building()}
                  onInput={setBuilding}
                  maxLength={8}
                />
                <TextField
                  label={t('grid.event.household')}
                  name="household"
                  value={household()}
                  onInput={setHousehold}
                />
              </div>
            }
          >
            {(flats) => (
              <FlatPicker
                label={t('grid.event.household')}
                flats={flats()}
                value={household()}
                onPick={(id) => {
                  setHousehold(id)
                  setBuilding('')
                }}
                onPickBuilding={(b) => {
                  setBuilding(b)
                  setHousehold('')
                }}
                pickedBuilding={building()}
                testId="event-flat-picker"
                mark={(id) => (withEvents().has(id) ? t('grid.event.flatHasEvent') : null)}
              />
            )}
          </Show>
          <TextArea
            label={t('grid.event.description')}
            value={description()}
            onInput={setDescription}
            maxLength={1000}
            data-testid="event-description"
          />
          <FileButton
            label={t('grid.event.photo')}
            accept="image/*"
            capture="environment"
            onFiles={async ([f]) => f && setPhoto(await shrinkPhoto(f).catch(() => undefined))}
          />
          <Show when={photo()}>{(p) => <img class="photo-thumb" src={p()} alt="" />}</Show>
          <Show when={error()}>
            <p class="form__error" role="alert" data-testid="event-error">
              {error()}
            </p>
          </Show>
          <PrimaryButton testId="event-submit" disabled={!doc.ready()}>
            {t('grid.event.submit')}
          </PrimaryButton>
          <OfflineHint>{t('grid.event.offlineHint')}</OfflineHint>
        </form>
      </Show>
      <section class="card">
        <h1>{t('grid.events')}</h1>
        <div class="row no-print">
          <CheckField label={t('grid.event.showAll')} checked={showAll()} onChange={setShowAll} testId="show-all" />
          <Show when={caps().staff}>
            <button
              type="button"
              class="btn btn--small"
              onClick={() => download(`events-${stamp()}.csv`, eventsCsv(snap().events), 'text/csv;charset=utf-8')}
              data-testid="export-csv"
            >
              {t('grid.export.csv')}
            </button>
            <button
              type="button"
              class="btn btn--small"
              onClick={() => download(`events-${stamp()}.json`, eventsJson(snap().events), 'application/json')}
              data-testid="export-json"
            >
              {t('grid.export.json')}
            </button>
            <button
              type="button"
              class="btn btn--small"
              onClick={() => download(`open311-${stamp()}.json`, open311Json(snap().events), 'application/json')}
              data-testid="export-open311"
            >
              {t('grid.export.open311')}
            </button>
          </Show>
        </div>
        <Show when={list().length > 0} fallback={<p class="muted">{t('grid.event.empty')}</p>}>
          <ul class="event-list" data-testid="event-list">
            <For each={list().slice(0, 300)}>{(v) => <EventRow v={v} councilId={props.councilId} now={now()} />}</For>
          </ul>
        </Show>
      </section>
    </div>
  )
}

function EventRow(props: { v: EventView; councilId: string; now: number }) {
  const sla = () => slaState(props.v, props.now)
  return (
    <li>
      <A
        class={`event-item event-item--${sla()}`}
        href={`/c/${props.councilId}/grid/events/${props.v.eventId}`}
        data-testid="event-item"
        data-status={props.v.status}
        data-sla={sla()}
      >
        <span class="event-item__title">{props.v.title}</span>
        <span class="tag">{categoryLabel(props.v.category)}</span>
        <span class="tag" data-testid="event-status">
          {statusLabel(props.v.status)}
        </span>
        <span class="muted">
          {props.v.place} · {formatDateTime(props.v.reportedAt)}
        </span>
        <Show when={sla() === 'overdue'}>
          <span class="overdue">{t('grid.sla.overdue')}</span>
        </Show>
        <Show when={props.v.assignee}>{(a) => <span class="muted">→ {a().name}</span>}</Show>
      </A>
    </li>
  )
}
