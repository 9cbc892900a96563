/**
 * `/org/:nodeId/report?period=…&at=…`: the printable weekly/monthly (or quarterly, annual) report
 * of an org node on A4 — header with the node's name and the period, headline figures, tables by
 * child node and by category, mediation case counts, and when it was generated.
 */
import { A, useParams } from '@solidjs/router'
import { Show } from 'solid-js'
import { t, type MessageKey } from '../../i18n'
import { formatDateTime } from '../../i18n/dates'
import { CaseCounts, CategoryTable, ChildTable, kindLabel, rate, stars, TableWrap } from './Figures'
import { orgHref, usePeriodParams } from './OrgDashboardPage'
import { periodLabel } from './periods'
import { useOrgDashboard } from './useOrgDashboard'
import { useOnline } from './useOnline'
import './org.css'

export default function OrgReportPage() {
  const params = useParams<{ nodeId: string }>()
  const { period } = usePeriodParams()
  const online = useOnline()
  const res = useOrgDashboard(() => ({ nodeId: params.nodeId, period: period(), online: online() }))
  return (
    <article class="card stack org-report" data-testid="org-report" data-ready={res()?.data ? 'true' : 'false'}>
      <div class="org-actions no-print">
        <A class="btn" href={orgHref(params.nodeId, period())}>
          ← {t('orgdash.report.back')}
        </A>
        <button type="button" class="btn btn--primary" onClick={() => window.print()}>
          {t('orgdash.report.print')}
        </button>
      </div>
      <Show when={res.loading && !res()?.data}>
        <p class="muted">{t('orgdash.loading')}</p>
      </Show>
      <Show when={res()?.offline && !res()?.data}>
        <p class="banner banner--warn">{t('orgdash.offlineNone')}</p>
      </Show>
      <Show when={res()?.data}>
        {(d) => (
          <>
            <h1>
              {t('orgdash.report.title', {
                name: d().node.name,
                kind: t(`orgdash.report.kind.${d().period.kind}` as MessageKey),
              })}
            </h1>
            <p data-testid="org-report-period">
              {kindLabel(d().node.kind)} · {periodLabel(d().period)}
            </p>
            <TableWrap label={t('orgdash.report.figures')}>
              <table class="org-table">
                <tbody>
                  <tr>
                    <th scope="row">{t('orgdash.kpi.reported')}</th>
                    <td data-testid="org-report-reported">{d().totals.reported}</td>
                    <th scope="row">{t('orgdash.col.closed')}</th>
                    <td>{d().totals.closed}</td>
                  </tr>
                  <tr>
                    <th scope="row">{t('orgdash.kpi.closeRate')}</th>
                    <td>{rate(d().totals.closed, d().totals.reported)}</td>
                    <th scope="row">{t('orgdash.kpi.sameDayRate')}</th>
                    <td>{rate(d().totals.sameDay, d().totals.reported)}</td>
                  </tr>
                  <tr>
                    <th scope="row">{t('orgdash.kpi.overdue')}</th>
                    <td>{d().totals.overdue}</td>
                    <th scope="row">{t('orgdash.kpi.satisfaction')}</th>
                    <td>{stars(d().totals.satisfaction)}</td>
                  </tr>
                </tbody>
              </table>
            </TableWrap>
            <h2>{t('orgdash.byChild')}</h2>
            <Show when={d().byChild.length > 0} fallback={<p>{t('orgdash.noData')}</p>}>
              <ChildTable rows={d().byChild} />
            </Show>
            <h2>{t('orgdash.byCategory')}</h2>
            <Show when={d().byCategory.length > 0} fallback={<p>{t('orgdash.noData')}</p>}>
              <CategoryTable rows={d().byCategory} />
            </Show>
            <h2>{t('orgdash.cases')}</h2>
            <CaseCounts cases={d().cases} />
            <p class="muted">{t('orgdash.report.generated', { at: formatDateTime(res()?.fetchedAt ?? null) })}</p>
          </>
        )}
      </Show>
    </article>
  )
}
