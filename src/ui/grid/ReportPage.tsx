/** `/c/:councilId/grid/report`: the printable weekly report (周报告), this week or `?w=-1` for last week. */
import { A, useSearchParams } from '@solidjs/router'
import { createMemo, For, Show } from 'solid-js'
import { readEvents, slaState } from '../../domain/grid/events'
import { metricsFor, STEP_PAIRS } from '../../domain/grid/metrics'
import { DAY_MS, periodAt } from '../../domain/grid/time'
import { t, type MessageKey } from '../../i18n'
import { CouncilGate } from '../CouncilGate'
import { useSession } from '../session'
import { useDoc, useDocValue } from '../useDoc'
import { categoryLabel } from './EventsPage'
import { mins, pct } from './DashboardPage'
import { useNow } from '../useNow'
import './grid.css'
import { docName } from '../../domain/docTypes'
import { formatDateTime, formatPeriod } from '../../i18n/dates'

export default function ReportPage() {
  return <CouncilGate reads="event">{(c) => <Report councilId={c} />}</CouncilGate>
}

function Report(props: { councilId: string }) {
  const [search] = useSearchParams<{ w?: string }>()
  const session = useSession()
  const council = () => session()?.councils.find((c) => c.id === props.councilId)
  const now = useNow()
  const doc = useDoc(docName('event', props.councilId))
  const snap = useDocValue(doc.handle.doc, doc.handle.ready, (d) => readEvents(d))
  const period = createMemo(() => periodAt('week', now() + Number(search.w ?? 0) * 7 * DAY_MS))
  const m = createMemo(() => metricsFor(snap().events, period(), now()))
  const open = createMemo(() =>
    snap()
      .events.filter((v) => !v.closed && v.reportedAt < period().end)
      .sort((a, b) => a.dueAt - b.dueAt),
  )
  return (
    <article class="card report" data-testid="grid-report">
      <div class="row no-print">
        <A class="back-link" href={`/c/${props.councilId}/grid/dashboard`}>
          ← {t('grid.dashboard')}
        </A>{' '}
        <button type="button" class="btn btn--small" onClick={() => window.print()}>
          {t('grid.report.print')}
        </button>
      </div>
      <h1>
        {council()?.name} {t('grid.report.title')}
      </h1>
      <p>{formatPeriod(period())}</p>
      <table>
        <tbody>
          <tr>
            <th>{t('grid.kpi.reported')}</th>
            <td data-testid="report-reported">{m().reported}</td>
            <th>{t('grid.kpi.closed')}</th>
            <td>{m().closed}</td>
          </tr>
          <tr>
            <th>{t('grid.kpi.closeRate')}</th>
            <td>{pct(m().closeRate)}</td>
            <th>{t('grid.kpi.sameDayRate')}</th>
            <td>{pct(m().sameDayRate)}</td>
          </tr>
          <tr>
            <th>{t('grid.kpi.overdue')}</th>
            <td>{m().overdue}</td>
            <th>{t('grid.kpi.satisfaction')}</th>
            <td>
              {m().satisfaction?.toFixed(2) ?? '—'}（{pct(m().satisfiedRate)}）
            </td>
          </tr>
        </tbody>
      </table>
      <h2>{t('grid.report.steps')}</h2>
      <table>
        <tbody>
          <For each={STEP_PAIRS}>
            {(p) => (
              <tr>
                <th>{t(`grid.pair.${p}` as MessageKey)}</th>
                <td>{mins(m().avgMinutes[p])}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <h2>{t('grid.report.byCategory')}</h2>
      <table>
        <tbody>
          <For each={Object.entries(m().byCategory).sort((a, b) => b[1] - a[1])}>
            {([c, n]) => (
              <tr>
                <th>{categoryLabel(c)}</th>
                <td>{n}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <h2>{t('grid.report.open')}</h2>
      <Show when={open().length > 0} fallback={<p>{t('grid.report.noneOpen')}</p>}>
        <table>
          <thead>
            <tr>
              <th>{t('grid.event.title')}</th>
              <th>{t('grid.event.place')}</th>
              <th>{t('grid.event.due')}</th>
              <th>{t('grid.event.assignee')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={open().slice(0, 50)}>
              {(v) => (
                <tr classList={{ overdue: slaState(v, now()) === 'overdue' }}>
                  <td>{v.title}</td>
                  <td>{v.place}</td>
                  <td>{formatDateTime(v.dueAt)}</td>
                  <td>{v.assignee?.name ?? ''}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <p class="muted">{t('grid.report.generated', { at: formatDateTime(now()) })}</p>
    </article>
  )
}
