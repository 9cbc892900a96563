/**
 * `/org/:nodeId?period=week|month|quarter|year&at=<ms>`: a district's, street's or community's
 * figures from the server's read models — headline figures, by child node (table + chart, each
 * row drilling down: street → community → council, a council to its own grid dashboard), by
 * category, per period, mediation case counts; previous/next period, printable report, CSV and
 * Open311 (JSON) export of the period's events.
 * Offline it shows the figures last read on this device with their time.
 */
import { A, useParams, useSearchParams } from '@solidjs/router'
import { createEffect, createMemo, createSignal, For, onCleanup, Show } from 'solid-js'
import { DASHBOARD_PERIODS, type DashboardPeriod, type OrgDashboard } from '../../domain/org/dashboard'
import { t, type MessageKey } from '../../i18n'
import { formatDateTime } from '../../i18n/dates'
import { downloadExport } from '../download'
import { useNow } from '../useNow'
import { CaseCounts, CategoryTable, ChildTable, Kpis, kindLabel } from './Figures'
import { nextPeriod, periodLabel, periodOf, previousPeriod, shortPeriodLabel } from './periods'
import { dashboardUrl, open311Url, useOrgDashboard } from './useOrgDashboard'
import { useOnline } from './useOnline'
import { useOrgSession } from './OrgHomeLinks'
import './org.css'

export const periodKind = (v: string | undefined): DashboardPeriod =>
  DASHBOARD_PERIODS.includes(v as DashboardPeriod) ? (v as DashboardPeriod) : 'month'

export function usePeriodParams() {
  const [search, setSearch] = useSearchParams<{ period?: string; at?: string }>()
  const now = useNow()
  const period = createMemo(
    () => periodOf(periodKind(search.period), search.at ? Number(search.at) : now()),
    undefined,
    {
      equals: (a, b) => a.kind === b.kind && a.start === b.start,
    },
  )
  return { period, now, setSearch }
}

export const orgHref = (nodeId: string, p: { kind: string; start: number }, sub = '') =>
  `/org/${encodeURIComponent(nodeId)}${sub}?period=${p.kind}&at=${p.start}`

export default function OrgDashboardPage() {
  const params = useParams<{ nodeId: string }>()
  const { period, now, setSearch } = usePeriodParams()
  const online = useOnline()
  const res = useOrgDashboard(() => ({ nodeId: params.nodeId, period: period(), online: online() }))
  const data = () => res()?.data ?? null
  const go = (p: { kind: string; start: number }) => setSearch({ period: p.kind, at: String(p.start) })
  const childHref = (r: OrgDashboard['byChild'][number]) =>
    r.kind === 'council' ? `/c/${encodeURIComponent(r.id)}/grid/dashboard` : orgHref(r.id, period())
  const [exportNote, setExportNote] = createSignal('')
  const org = useOrgSession()
  /** The node above, when this person may see it (their tree comes with the session). */
  const parent = () => {
    const up = org().nodes.find((n) => n.id === params.nodeId)?.parentId
    return up ? org().nodes.find((n) => n.id === up) : undefined
  }

  /** Downloads the period's events (the server builds the file; needs a connection). */
  const exportFile = async (format: 'csv' | 'open311') => {
    const path =
      format === 'csv' ? dashboardUrl(params.nodeId, period(), 'export.csv') : open311Url(params.nodeId, period())
    try {
      await downloadExport(
        path,
        () => `${data()?.node.name ?? ''}-${periodLabel(period())}${format === 'csv' ? '.csv' : '-open311.json'}`,
      )
      setExportNote('')
    } catch {
      setExportNote(t('orgdash.exportFailed'))
    }
  }

  let childCanvas: HTMLCanvasElement | undefined
  let seriesCanvas: HTMLCanvasElement | undefined
  let destroy: Array<() => void> = []
  const clear = () => {
    for (const d of destroy) d()
    destroy = []
  }
  onCleanup(clear)
  createEffect(() => {
    const d = data()
    if (!d) return
    const labels = { reported: t('orgdash.col.reported'), closed: t('orgdash.col.closed') }
    void import('./charts').then(({ drawBars }) => {
      clear()
      if (childCanvas && d.byChild.length)
        destroy.push(
          drawBars(
            childCanvas,
            {
              labels: d.byChild.map((c) => c.name),
              reported: d.byChild.map((c) => c.reported),
              closed: d.byChild.map((c) => c.closed),
            },
            labels,
            true,
          ),
        )
      if (seriesCanvas && d.series.length)
        destroy.push(
          drawBars(
            seriesCanvas,
            {
              labels: d.series.map((s) => shortPeriodLabel({ kind: d.period.kind, start: s.start })),
              reported: d.series.map((s) => s.reported),
              closed: d.series.map((s) => s.closed),
            },
            labels,
            false,
          ),
        )
    })
  })

  return (
    <div class="stack">
      <Show when={parent()}>
        {(p) => (
          <A class="back-link" href={orgHref(p().id, period())} data-testid="org-up">
            ← <span translate="no">{p().name}</span>
          </A>
        )}
      </Show>
      <section class="card stack" data-testid="org-dashboard" data-ready={data() ? 'true' : 'false'}>
        <h1>
          <Show when={data()} fallback={t('orgdash.home')}>
            {(d) => (
              <>
                <span translate="no">{d().node.name}</span>（{kindLabel(d().node.kind)}）
              </>
            )}
          </Show>
        </h1>
        <div class="period-switch" role="group" aria-label={t('orgdash.period')}>
          <For each={DASHBOARD_PERIODS}>
            {(k) => (
              <button
                type="button"
                class="btn"
                aria-pressed={period().kind === k}
                data-testid={`org-period-${k}`}
                onClick={() => go(periodOf(k, Math.min(now(), period().end - 1)))}
              >
                {t(`orgdash.period.${k}` as MessageKey)}
              </button>
            )}
          </For>
        </div>
        <div class="org-period">
          <button type="button" class="btn" data-testid="org-prev" onClick={() => go(previousPeriod(period()))}>
            ← {t('orgdash.prev')}
          </button>
          <span class="org-period__label" data-testid="org-period-label">
            {periodLabel(period())}
          </span>
          <button
            type="button"
            class="btn"
            data-testid="org-next"
            disabled={nextPeriod(period()).start > now()}
            onClick={() => go(nextPeriod(period()))}
          >
            {t('orgdash.next')} →
          </button>
        </div>
        <Show when={res()?.offline}>
          <p class="banner banner--warn" role="status" data-testid="org-offline">
            {data() ? t('orgdash.offlineCached') : t('orgdash.offlineNone')}
          </p>
        </Show>
        <Show when={res()?.error}>
          <p class="banner banner--warn" role="alert">
            {t('orgdash.failed', { why: res()!.error! })}
          </p>
        </Show>
        <Show when={res.loading && !data()}>
          <p class="muted">{t('orgdash.loading')}</p>
        </Show>
        <Show when={data()}>
          {(d) => (
            <>
              <p class="muted" data-testid="org-as-of">
                {t('orgdash.asOf', { at: formatDateTime(res()?.fetchedAt ?? null) })}
              </p>
              <Show when={d().totals.reported > 0} fallback={<p data-testid="org-empty">{t('orgdash.noData')}</p>}>
                <Kpis totals={d().totals} />
              </Show>
              <div class="org-actions">
                <A class="btn" href={orgHref(params.nodeId, period(), '/report')} data-testid="org-report-open">
                  {t('orgdash.report.open')}
                </A>
                <button type="button" class="btn" data-testid="org-export" onClick={() => void exportFile('csv')}>
                  {t('orgdash.export')}
                </button>
                <button
                  type="button"
                  class="btn"
                  data-testid="org-export-open311"
                  onClick={() => void exportFile('open311')}
                >
                  {t('orgdash.exportOpen311')}
                </button>
                <Show when={exportNote()}>
                  <span class="muted">{exportNote()}</span>
                </Show>
              </div>
            </>
          )}
        </Show>
      </section>
      <Show when={data()}>
        {(d) => (
          <>
            <section class="card stack">
              <h2>{t('orgdash.byChild')}</h2>
              <Show when={d().byChild.length > 0} fallback={<p class="muted">{t('orgdash.noData')}</p>}>
                <ChildTable rows={d().byChild} href={childHref} />
                <div class="org-chart" style={{ height: `${Math.max(200, d().byChild.length * 36 + 60)}px` }}>
                  <canvas ref={childCanvas} aria-label={t('orgdash.byChild')} role="img" />
                </div>
              </Show>
            </section>
            <section class="card stack">
              <h2>{t('orgdash.byCategory')}</h2>
              <Show when={d().byCategory.length > 0} fallback={<p class="muted">{t('orgdash.noData')}</p>}>
                <CategoryTable rows={d().byCategory} />
              </Show>
            </section>
            <section class="card stack">
              <h2>{t('orgdash.series')}</h2>
              <div class="org-chart">
                <canvas ref={seriesCanvas} aria-label={t('orgdash.series')} role="img" />
              </div>
            </section>
            <section class="card stack">
              <h2>{t('orgdash.cases')}</h2>
              <CaseCounts cases={d().cases} />
            </section>
          </>
        )}
      </Show>
    </div>
  )
}
