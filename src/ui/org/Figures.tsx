/**
 * The pieces both the dashboard and its printed report show: headline figures, the table by child
 * node (with drill-down links on screen), by category, and mediation case counts. Rates with
 * nothing to divide by read 暂无数据, never 0 %.
 */
import { A } from '@solidjs/router'
import { For, Show, type JSX } from 'solid-js'
import { EVENT_CATEGORIES } from '../../domain/grid/schema'
import { CASE_STATUSES, CASE_TYPES } from '../../domain/mediation/schema'
import type { OrgDashboard } from '../../domain/org/dashboard'
import { t, type MessageKey } from '../../i18n'

export const rate = (n: number, d: number): string => (d > 0 ? `${((n / d) * 100).toFixed(1)}%` : t('orgdash.noData'))
export const stars = (s: number | null): string => (s === null ? t('orgdash.noData') : s.toFixed(2))

const known = (list: readonly string[], v: string) => list.includes(v)
export const categoryLabel = (c: string) =>
  known(EVENT_CATEGORIES, c) ? t(`grid.cat.${c}` as MessageKey) : t('grid.cat.other')
export const caseTypeLabel = (c: string) =>
  known(CASE_TYPES, c) ? t(`mediation.type.${c}` as MessageKey) : t('mediation.type.other')
/** The read model's outcomes (settled/failed/pending); a case status is read as itself. */
const OUTCOMES = ['settled', 'failed', 'pending'] as const
export const outcomeLabel = (o: string) =>
  known(OUTCOMES, o)
    ? t(`orgdash.outcome.${o}` as MessageKey)
    : known(CASE_STATUSES, o)
      ? t(`mediation.status.${o}` as MessageKey)
      : t('orgdash.outcome.other')
export const kindLabel = (k: string) => t(`orgdash.kind.${k}` as MessageKey)

export function Kpis(props: { totals: OrgDashboard['totals'] }) {
  const x = () => props.totals
  const items = (): Array<[key: string, value: string, sub: string]> => [
    ['reported', String(x().reported), t('orgdash.closedOf', { n: x().closed })],
    ['closeRate', rate(x().closed, x().reported), ''],
    ['sameDayRate', rate(x().sameDay, x().reported), t('orgdash.sameDayOf', { n: x().sameDay })],
    ['overdue', String(x().overdue), ''],
    ['satisfaction', stars(x().satisfaction), t('orgdash.ratedOf', { n: x().rated })],
  ]
  return (
    <div class="org-kpis">
      <For each={items()}>
        {([k, v, sub]) => (
          <div class="org-kpi" data-testid={`org-kpi-${k}`} data-value={v}>
            <div class="org-kpi__value">{v}</div>
            <div class="org-kpi__label">{t(`orgdash.kpi.${k}` as MessageKey)}</div>
            <Show when={sub}>
              <div class="org-kpi__sub">{sub}</div>
            </Show>
          </div>
        )}
      </For>
    </div>
  )
}

type Counts = { reported: number; closed: number; sameDay: number; overdue: number }

function CountCells(props: { c: Counts }) {
  return (
    <>
      <td>{props.c.reported}</td>
      <td>{props.c.closed}</td>
      <td>{rate(props.c.closed, props.c.reported)}</td>
      <td>{props.c.sameDay}</td>
      <td>{props.c.overdue}</td>
    </>
  )
}

function CountHeads(props: { first: string; extra?: JSX.Element }) {
  return (
    <thead>
      <tr>
        <th scope="col">{props.first}</th>
        <th scope="col">{t('orgdash.col.reported')}</th>
        <th scope="col">{t('orgdash.col.closed')}</th>
        <th scope="col">{t('orgdash.col.closeRate')}</th>
        <th scope="col">{t('orgdash.col.sameDay')}</th>
        <th scope="col">{t('orgdash.col.overdue')}</th>
        {props.extra}
      </tr>
    </thead>
  )
}

/** `href` gives a child's drill-down link (none on paper). */
/** A wide table scrolls inside this region on a phone; keyboard users can focus and scroll it. */
export function TableWrap(props: { label: string; children: JSX.Element }) {
  return (
    <div class="org-table-wrap" role="region" aria-label={props.label} tabindex="0">
      {props.children}
    </div>
  )
}

export function ChildTable(props: {
  rows: OrgDashboard['byChild']
  href?: (row: OrgDashboard['byChild'][number]) => string
}) {
  return (
    <TableWrap label={t('orgdash.byChild')}>
      <table class="org-table" data-testid="org-children">
        <CountHeads first={t('orgdash.col.name')} extra={<th scope="col">{t('orgdash.col.satisfaction')}</th>} />
        <tbody>
          <For each={props.rows}>
            {(r) => (
              <tr data-testid="org-child" data-id={r.id} data-reported={r.reported}>
                <td translate="no">
                  <Show when={props.href} fallback={r.name}>
                    <A href={props.href!(r)} data-testid={`org-child-link-${r.id}`}>
                      {r.name}
                    </A>
                  </Show>
                </td>
                <CountCells c={r} />
                <td>{stars(r.satisfaction)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </TableWrap>
  )
}

export function CategoryTable(props: { rows: OrgDashboard['byCategory'] }) {
  const rows = () => [...props.rows].sort((a, b) => b.reported - a.reported)
  return (
    <TableWrap label={t('orgdash.byCategory')}>
      <table class="org-table" data-testid="org-categories">
        <CountHeads first={t('orgdash.col.category')} />
        <tbody>
          <For each={rows()}>
            {(r) => (
              <tr>
                <td>{categoryLabel(r.category)}</td>
                <CountCells c={r} />
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </TableWrap>
  )
}

function CountList(props: { head: string; rows: Array<{ label: string; count: number }>; testId: string }) {
  return (
    <table class="org-table" data-testid={props.testId}>
      <thead>
        <tr>
          <th scope="col">{props.head}</th>
          <th scope="col">{t('orgdash.col.count')}</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.rows}>
          {(r) => (
            <tr>
              <td>{r.label}</td>
              <td>{r.count}</td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  )
}

export function CaseCounts(props: { cases: OrgDashboard['cases'] }) {
  const none = () => props.cases.byType.every((x) => x.count === 0)
  return (
    <Show when={!none()} fallback={<p class="muted">{t('orgdash.noData')}</p>}>
      <div class="org-cases">
        <CountList
          head={t('orgdash.cases.type')}
          testId="org-cases-type"
          rows={props.cases.byType.map((x) => ({ label: caseTypeLabel(x.type), count: x.count }))}
        />
        <CountList
          head={t('orgdash.cases.outcome')}
          testId="org-cases-outcome"
          rows={props.cases.byOutcome.map((x) => ({ label: outcomeLabel(x.outcome), count: x.count }))}
        />
      </div>
    </Show>
  )
}
