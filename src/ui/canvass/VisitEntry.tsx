/**
 * Recording a visit by picking the flat from the roll (building → unit → flat grid, visited flats
 * marked); flats outside the writer's scope are shown but cannot be picked, and a typed one gets the
 * reason from the same predicate the server runs — the form never opens for it.
 */
import { createMemo, createSignal, Show, type JSX } from 'solid-js'
import type * as Y from 'yjs'
import { t, type MessageKey } from '../../i18n'
import type { HouseholdStatus } from '../../domain/canvass/summary'
import type { VersionEntry } from '../../domain/proposals/queries'
import type { HouseholdRecord } from '../../domain/roll/schema'
import { problemText } from '../form/problemText'
import type { Me } from '../meetings/useMeeting'
import { FlatPicker } from '../roll/FlatPicker'
import { mayRecordVisit, type VisitWriter } from './visitCheck'
import { VisitForm } from './VisitForm'

export function VisitEntry(props: {
  doc: Y.Doc
  households: readonly HouseholdRecord[]
  status: (householdId: string) => HouseholdStatus
  version: VersionEntry
  proposalId: string
  me: Me
  writer: VisitWriter | null
}): JSX.Element {
  const [picked, setPicked] = createSignal('')
  const household = createMemo(() => props.households.find((h) => h.householdId === picked().trim()))
  const refusal = (): string | null => {
    const id = picked().trim()
    if (!id) return null
    if (!household()) return t('canvass.unknownFlat', { flat: id })
    if (!mayRecordVisit(props.writer, id)) return problemText({ code: 'out-of-scope', message: '' }, { flat: id })
    return null
  }
  const mark = (id: string): string | null => {
    const s = props.status(id)
    return s === 'unvisited' ? null : t(`canvass.status.${s}` as MessageKey)
  }
  return (
    <section class="card stack" data-testid="visit-entry">
      <h2>{t('canvass.pickTitle')}</h2>
      <FlatPicker
        label={t('canvass.pickFlat')}
        flats={props.households}
        value={picked()}
        onPick={setPicked}
        name="visit-household"
        testId="visit-flat-picker"
        mark={mark}
        disabled={(id) => !mayRecordVisit(props.writer, id)}
      />
      <Show when={refusal()}>
        {(r) => (
          <p class="error" role="alert" data-testid="visit-refusal">
            {r()}
          </p>
        )}
      </Show>
      <Show when={!refusal() && household()} keyed>
        {(h) => (
          <VisitForm
            doc={props.doc}
            household={h}
            version={props.version}
            proposalId={props.proposalId}
            me={props.me}
            writer={props.writer}
            onDone={() => setPicked('')}
          />
        )}
      </Show>
    </section>
  )
}
