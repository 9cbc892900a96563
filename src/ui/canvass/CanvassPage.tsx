/**
 * Door-to-door canvass `/c/:councilId/proposals/:proposalId/canvass`: a head's walk list (the
 * households of their buildings/units, by building → unit), each with its status and records, and
 * the visit form. Everything works offline; records sync when the tablet is back online.
 */
import { A } from '@solidjs/router'
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js'
import { t, type MessageKey } from '../../i18n'
import type { ProposalId } from '../../domain/proposals/ids'
import { mayVisit, visitScope } from '../../domain/canvass/scope'
import { summarise } from '../../domain/canvass/summary'
import { rollTree } from '../../domain/roll/queries'
import { CanvassGate } from './CanvassGate'
import { useMe } from '../meetings/useMeeting'
import { useCanvass } from './useCanvass'
import { VersionPicker } from './VersionPicker'
import { VisitForm } from './VisitForm'
import { VisitEntry } from './VisitEntry'
import type { VisitWriter } from './visitCheck'
import { useWriter } from '../form/useWriter'
import { VisitHistory } from './VisitHistory'
import '../meetings/meetings.css'
import '../proposals/proposals.css'
import './canvass.css'

export default function CanvassPage(): JSX.Element {
  return (
    <CanvassGate>
      {(councilId, proposalId, access) => {
        const writable = (): boolean => access().level('canvass') === 'cond' || access().level('canvass') === 'write'
        const scope = createMemo(() => (writable() ? visitScope(access().isAdmin, access().memberships) : null))
        const writer = useWriter(() => councilId, 'canvass')
        return <CanvassView councilId={councilId} proposalId={proposalId} scope={scope()} writer={writer()} />
      }}
    </CanvassGate>
  )
}

function CanvassView(props: {
  councilId: string
  proposalId: ProposalId
  scope: ReturnType<typeof visitScope>
  writer: VisitWriter | null
}): JSX.Element {
  const me = useMe()
  const c = useCanvass(props.councilId, props.proposalId)
  const [open, setOpen] = createSignal<string | null>(null)
  /** Heads see their own households; readers and the chair see everyone. */
  const mine = createMemo(() => {
    const s = props.scope
    return typeof s === 'function' ? c.households().filter((h) => s(h.householdId)) : c.households()
  })
  const summary = createMemo(() => summarise(mine(), c.visits(), []))
  const byId = createMemo(() => new Map(summary().households.map((h) => [h.household.householdId, h])))
  const tree = createMemo(() => rollTree(mine()))
  /** every flat's status for the picker's marks (the picker shows the whole roll) */
  const statusAll = createMemo(
    () => new Map(summarise(c.households(), c.visits(), []).households.map((h) => [h.household.householdId, h.status])),
  )
  const cov = (b: string, u: string) =>
    summary()
      .buildings.find((x) => x.building === b)
      ?.units.find((x) => x.unit === u)

  return (
    <div class="stack canvass">
      <A href={`/c/${props.councilId}/proposals/${props.proposalId}`} class="back-link">
        ← {t('proposals.title')}
      </A>
      <section class="card" data-testid="canvass-header" data-ready={c.ready() ? 'true' : 'false'}>
        <h1>{t('canvass.title')}</h1>
        <VersionPicker versions={c.versions()} current={c.version()} onPick={c.setVersion} />
        <p data-testid="canvass-scope">
          {props.scope === 'all' || props.scope === null
            ? t('canvass.scopeAll', { n: mine().length })
            : t('canvass.scope', { n: mine().length })}
          {' · '}
          {t('canvass.progress', { ...summary().overall })}
        </p>
        <Show when={props.scope === null}>
          <p class="muted">{t('canvass.readonly')}</p>
        </Show>
        <Show when={c.ready() && c.households().length === 0}>
          <p class="warn">{t('canvass.rollEmpty')}</p>
        </Show>
        <Show when={c.ready() && !c.version()}>
          <p class="warn">{t('canvass.noVersion')}</p>
        </Show>
      </section>
      <Show when={props.scope !== null && c.version()}>
        {(v) => (
          <VisitEntry
            doc={c.canvass.handle.doc}
            households={c.households()}
            status={(id) => statusAll().get(id) ?? 'unvisited'}
            version={v()}
            proposalId={props.proposalId}
            me={me()}
            writer={props.writer}
          />
        )}
      </Show>
      <For each={tree()}>
        {(b) => (
          <section class="card" data-testid="walk-building" data-building={b.building}>
            <h2>{t('canvass.building', { b: b.building })}</h2>
            <For each={b.units}>
              {(u) => (
                <div class="walk-unit">
                  <h3>
                    {t('canvass.unit', { u: u.unit })}{' '}
                    <span class="muted">
                      {t('canvass.progress', {
                        visited: cov(b.building, u.unit)?.visited ?? 0,
                        refused: cov(b.building, u.unit)?.refused ?? 0,
                        total: u.flats.length,
                      })}
                    </span>
                  </h3>
                  <ul class="walk-list">
                    <For each={u.flats}>
                      {(h) => {
                        const hc = () => byId().get(h.householdId)
                        const status = () => hc()?.status ?? 'unvisited'
                        return (
                          <li
                            class={`walk-row walk-row--${status()}`}
                            data-testid="household"
                            data-household-id={h.householdId}
                            data-status={status()}
                          >
                            <div class="walk-row__head">
                              <strong>{h.flat}</strong> <span>{h.ownerName}</span>{' '}
                              <span class="tag" data-testid="household-status">
                                {t(`canvass.status.${status()}` as MessageKey)}
                              </span>
                              <Show when={(hc()?.visits.length ?? 0) > 0}>
                                <span class="muted">{t('canvass.visits', { n: hc()!.visits.length })}</span>
                              </Show>
                              <Show when={hc()?.disagreeing}>
                                <span class="warn">{t('canvass.disagree')}</span>
                              </Show>
                              <Show
                                when={c.version() && mayVisit(props.scope, h.householdId) && open() !== h.householdId}
                              >
                                <button
                                  type="button"
                                  class="btn btn--small"
                                  data-testid="visit-open"
                                  onClick={() => setOpen(h.householdId)}
                                >
                                  {t('canvass.record')}
                                </button>
                              </Show>
                            </div>
                            <Show when={open() === h.householdId && c.version()}>
                              {(v) => (
                                <VisitForm
                                  doc={c.canvass.handle.doc}
                                  household={h}
                                  version={v()}
                                  proposalId={props.proposalId}
                                  me={me()}
                                  writer={props.writer}
                                  onDone={() => setOpen(null)}
                                />
                              )}
                            </Show>
                            <Show when={(hc()?.visits.length ?? 0) > 0}>
                              <VisitHistory visits={hc()!.visits} items={c.version()?.items ?? []} />
                            </Show>
                          </li>
                        )
                      }}
                    </For>
                  </ul>
                </div>
              )}
            </For>
          </section>
        )}
      </For>
    </div>
  )
}
