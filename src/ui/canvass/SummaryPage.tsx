/**
 * Canvass summary `/c/:councilId/proposals/:proposalId/summary`: coverage by building → unit with
 * the households to revisit, a heat map of buildings, per-item counts and grouped suggestions (a
 * council member adopts one into the next version's draft), every household's records, the
 * 每户意见汇总表 as CSV, and an A4 print layout (print CSS).
 */
import { CheckField } from '../form/Form'
import { A } from '@solidjs/router'
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js'
import { t } from '../../i18n'
import { adoptSuggestion } from '../../domain/proposals/commands'
import type { ProposalId } from '../../domain/proposals/ids'
import { readAdoptions } from '../../domain/proposals/queries'
import { suggestionKey } from '../../domain/proposals/schema'
import { canvassCsv } from '../../domain/canvass/csv'
import { coveragePercent, summarise, type ItemTally } from '../../domain/canvass/summary'
import { CanvassGate } from './CanvassGate'
import { useMe, useYVersion } from '../meetings/useMeeting'
import { categoryLabel } from '../proposals/ItemEditor'
import { download } from '../download'
import { useCanvass } from './useCanvass'
import { useDoc } from '../useDoc'
import * as Y from 'yjs'
import { VersionPicker } from './VersionPicker'
import { VisitHistory } from './VisitHistory'
import { Refusal } from '../Refusal'
import { createProposalRefusal } from '../proposals/refusals'
import '../proposals/proposals.css'
import './canvass.css'
import { docName } from '../../domain/docTypes'
import { formatDateTime } from '../../i18n/dates'

export default function SummaryPage(): JSX.Element {
  return (
    <CanvassGate>
      {(councilId, proposalId, access) => (
        <SummaryView councilId={councilId} proposalId={proposalId} canAdopt={access().canRead('plandraft')} />
      )}
    </CanvassGate>
  )
}

/** Heat colour from red (0 %) through amber to green (100 %). */
const heat = (pct: number): string => `hsl(${Math.round((pct * 120) / 100)} 70% ${pct === 0 ? 92 : 80}%)`

function SummaryView(props: { councilId: string; proposalId: ProposalId; canAdopt: boolean }): JSX.Element {
  const me = useMe()
  const c = useCanvass(props.councilId, props.proposalId)
  const pv = useYVersion(c.proposal.handle.doc)
  // Adopted suggestions go into the plan's private draft (editors only), never the published doc.
  const draftUsed = props.canAdopt ? useDoc(docName('plandraft', props.councilId, props.proposalId)) : null
  const draftDoc = draftUsed?.handle.doc ?? new Y.Doc()
  const dv = useYVersion(draftDoc)
  const items = () => c.version()?.items ?? []
  const summary = createMemo(() =>
    summarise(
      c.households(),
      c.visits(),
      items().map((i) => i.id),
    ),
  )
  const adopted = createMemo(
    () => (pv(), dv(), new Set(readAdoptions(draftDoc, c.proposal.handle.doc).map((a) => a.key))),
  )
  const [onlyVisited, setOnlyVisited] = createSignal(true)
  const title = () => c.version()?.title ?? ''

  const refusal = createProposalRefusal()
  const adopt = (tally: ItemTally, visitId: string, householdId: string, text: string): void => {
    const v = c.version()
    if (!v) return
    const r = adoptSuggestion(
      draftDoc,
      suggestionKey(visitId, tally.itemId),
      {
        visitId,
        itemId: tally.itemId,
        householdId,
        text,
        versionNo: v.no,
        adoptedBy: me().userId,
        adoptedByName: me().name,
        at: new Date().toISOString(),
      },
      me().userId,
    )
    refusal.report(r)
  }
  const exportCsv = (): void => {
    const v = c.version()
    if (v)
      download(
        `每户意见汇总表-${v.title || props.proposalId}-第${v.no}版.csv`,
        canvassCsv(summary(), v.items),
        'text/csv;charset=utf-8',
      )
  }

  return (
    <div class="stack canvass-summary">
      <Refusal text={refusal.text()} onDismiss={refusal.clear} testId="adopt-refusal" />
      <A href={`/c/${props.councilId}/proposals/${props.proposalId}`} class="back-link no-print">
        ← {t('proposals.title')}
      </A>
      <section class="card" data-testid="summary-header" data-ready={c.ready() ? 'true' : 'false'}>
        <h1 class="no-print">{t('summary.title')}</h1>
        <h1 class="print-only">{t('summary.printTitle', { title: title(), n: c.version()?.no ?? 0 })}</h1>
        <div class="no-print">
          <VersionPicker versions={c.versions()} current={c.version()} onPick={c.setVersion} />
        </div>
        <Show when={c.ready() && !c.version()}>
          <p class="warn">{t('canvass.noVersion')}</p>
        </Show>
        <p data-testid="coverage-overall" data-reached={summary().overall.reached} data-total={summary().overall.total}>
          {t('summary.overall', { ...summary().overall, pct: coveragePercent(summary().overall) })}
        </p>
        <Show when={summary().unknown.length > 0}>
          <p class="warn">{t('summary.unknown', { n: summary().unknown.length })}</p>
        </Show>
        <div class="inline-form no-print">
          <button type="button" class="btn" onClick={exportCsv} disabled={!c.version()} data-testid="export-csv">
            {t('summary.csv')}
          </button>
          <button type="button" class="btn" onClick={() => window.print()} data-testid="print">
            {t('summary.print')}
          </button>
        </div>
        <p class="print-only">{t('summary.printedAt', { at: formatDateTime(Date.now()) })}</p>
      </section>

      <section class="card">
        <h2>{t('summary.heatmap')}</h2>
        <div class="heatmap" data-testid="heatmap">
          <For each={summary().buildings}>
            {(b) => (
              <div
                class="heat-cell"
                style={{ background: heat(coveragePercent(b)) }}
                data-testid="heat-cell"
                data-building={b.building}
                data-pct={coveragePercent(b)}
              >
                <strong>{t('canvass.building', { b: b.building })}</strong>
                <span>{t('summary.answered', { reached: b.reached, total: b.total })}</span>
                <span>{coveragePercent(b)}%</span>
              </div>
            )}
          </For>
        </div>
      </section>

      <section class="card">
        <h2>{t('summary.coverage')}</h2>
        <table class="print-table coverage-table" data-testid="coverage-table">
          <tbody>
            <For each={summary().buildings}>
              {(b) => (
                <For each={b.units}>
                  {(u) => (
                    <tr
                      data-testid="coverage-unit"
                      data-unit={`${b.building}-${u.unit}`}
                      data-reached={u.reached}
                      data-total={u.total}
                    >
                      <th>
                        {t('canvass.building', { b: b.building })} {t('canvass.unit', { u: u.unit })}
                      </th>
                      <td>{t('canvass.progress', { visited: u.visited, refused: u.refused, total: u.total })}</td>
                      <td>
                        {t('summary.revisit')}：
                        {u.revisit.length ? u.revisit.map((h) => h.flat).join('、') : t('summary.revisitNone')}
                      </td>
                    </tr>
                  )}
                </For>
              )}
            </For>
          </tbody>
        </table>
      </section>

      <section class="card">
        <h2>{t('summary.items')}</h2>
        <ol class="tally-list">
          <For each={summary().items}>
            {(tally, i) => {
              const item = () => items()[i()]
              return (
                <li
                  data-testid="item-tally"
                  data-item-id={tally.itemId}
                  data-support={tally.support}
                  data-oppose={tally.oppose}
                  data-none={tally.none}
                >
                  <strong>{item()?.title || (item() ? categoryLabel(item()!.category) : '')}</strong>{' '}
                  <span>{t('summary.counts', { support: tally.support, oppose: tally.oppose, none: tally.none })}</span>
                  <div class="bar" aria-hidden="true">
                    <span class="bar__support" style={{ flex: tally.support }} />
                    <span class="bar__oppose" style={{ flex: tally.oppose }} />
                    <span class="bar__none" style={{ flex: tally.none }} />
                  </div>
                  <Show when={tally.suggestions.length > 0}>
                    <h4>{t('summary.suggestions', { n: tally.suggestions.reduce((n, g) => n + g.refs.length, 0) })}</h4>
                    <ul class="suggestion-list">
                      <For each={tally.suggestions}>
                        {(g) => (
                          <li data-testid="suggestion-group">
                            <span class="suggestion__text">{g.text}</span>{' '}
                            <span class="muted">
                              {t('summary.suggestion.households', {
                                n: g.refs.length,
                                list: g.refs.map((r) => r.householdId).join('、'),
                              })}
                            </span>{' '}
                            <Show when={props.canAdopt}>
                              <Show
                                when={!g.refs.some((r) => adopted().has(suggestionKey(r.visitId, tally.itemId)))}
                                fallback={
                                  <span class="tag" data-testid="suggestion-adopted">
                                    {t('summary.adopted')}
                                  </span>
                                }
                              >
                                <button
                                  type="button"
                                  class="btn btn--small no-print"
                                  data-testid="adopt"
                                  onClick={() => adopt(tally, g.refs[0]!.visitId, g.refs[0]!.householdId, g.text)}
                                >
                                  {t('summary.adopt')}
                                </button>
                              </Show>
                            </Show>
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                </li>
              )
            }}
          </For>
        </ol>
      </section>

      <section class="card">
        <h2>{t('summary.households')}</h2>
        <CheckField
          class="no-print"
          label={t('summary.onlyVisited')}
          checked={onlyVisited()}
          onChange={setOnlyVisited}
        />
        <ul class="walk-list">
          <For each={summary().households.filter((h) => !onlyVisited() || h.visits.length > 0)}>
            {(hc) => (
              <li
                class={`walk-row walk-row--${hc.status}`}
                data-testid="summary-household"
                data-household-id={hc.household.householdId}
                data-visits={hc.visits.length}
              >
                <strong>{hc.household.householdId}</strong> {hc.household.ownerName}{' '}
                <span class="tag">{t(`canvass.status.${hc.status}`)}</span>
                <Show when={hc.disagreeing}>
                  {' '}
                  <span class="warn">{t('canvass.disagree')}</span>
                </Show>
                <VisitHistory visits={hc.visits} items={items()} />
              </li>
            )}
          </For>
        </ul>
      </section>
    </div>
  )
}
