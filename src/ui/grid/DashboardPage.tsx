/**
 * `/c/:councilId/grid/dashboard`: 日调度/周报告/月总结/季观摩 figures from the event doc, charts
 * (chart.js loaded only here), the printable weekly report link, and demo data for admins.
 */
import { A } from '@solidjs/router'
import { createEffect, createMemo, createSignal, For, onCleanup, Show } from 'solid-js'
import { generateDemo, writeDemo } from '../../domain/grid/demo'
import { readEvents } from '../../domain/grid/events'
import { dashboard, STEP_PAIRS, type Metrics } from '../../domain/grid/metrics'
import { PERIOD_KINDS, type PeriodKind } from '../../domain/grid/time'
import { t, type MessageKey } from '../../i18n'
import { CouncilGate } from '../CouncilGate'
import { useMe } from '../meetings/useMeeting'
import { useCouncilAccess } from '../session'
import { useDocValue } from '../useDoc'
import { useNow } from '../useNow'
import { gridCaps, useGridDoc } from './useGrid'
import './grid.css'
import { docName } from '../../domain/docTypes'
import { formatPeriod } from '../../i18n/dates'

/** A rate with nothing to divide by is no data (暂无数据), never 0.0 %. */
export const pct = (x: number | null) => (x === null ? t('grid.noData') : `${(x * 100).toFixed(1)}%`)
export const mins = (x: number | null) =>
  x === null
    ? '—'
    : x < 120
      ? `${Math.round(x)} ${t('grid.unit.min')}`
      : `${(x / 60).toFixed(1)} ${t('grid.unit.hour')}`

export default function DashboardPage() {
  return <CouncilGate reads="event">{(c) => <Dash councilId={c} />}</CouncilGate>
}

export function Kpis(props: { m: Metrics }) {
  const items = () =>
    [
      ['reported', String(props.m.reported)],
      ['closed', String(props.m.closed)],
      ['closeRate', pct(props.m.closeRate)],
      ['sameDayRate', pct(props.m.sameDayRate)],
      ['overdue', String(props.m.overdue)],
      ['satisfaction', props.m.satisfaction === null ? '—' : props.m.satisfaction.toFixed(2)],
      ['satisfiedRate', pct(props.m.satisfiedRate)],
      ['avgTotal', mins(props.m.avgMinutes['reported-handled'])],
    ] as const
  return (
    <div class="kpis">
      <For each={items()}>
        {([k, v]) => (
          <div class="kpi" data-testid={`kpi-${k}`} data-value={v}>
            <div class="kpi__value">{v}</div>
            <div class="kpi__label">{t(`grid.kpi.${k}` as MessageKey)}</div>
          </div>
        )}
      </For>
    </div>
  )
}

function Dash(props: { councilId: string }) {
  const access = useCouncilAccess(() => props.councilId)
  const caps = () => gridCaps(access())
  const me = useMe()
  const now = useNow()
  const doc = useGridDoc(docName('event', props.councilId), caps().writeEvents)
  const snap = useDocValue(doc.handle.doc, doc.handle.ready, (d) => readEvents(d))
  const [kind, setKind] = createSignal<PeriodKind>('week')
  const data = createMemo(() => dashboard(snap().events, kind(), now()))
  const [rendered, setRendered] = createSignal<number | null>(null)
  let counts!: HTMLCanvasElement, rates!: HTMLCanvasElement, steps!: HTMLCanvasElement
  let destroy: (() => void) | null = null
  onCleanup(() => destroy?.())

  createEffect(() => {
    const d = data()
    if (!doc.ready()) return
    void import('./charts').then(({ drawCharts }) => {
      destroy?.()
      destroy = drawCharts(counts, rates, steps, d.series, d.current, {
        reported: t('grid.kpi.reported'),
        closed: t('grid.kpi.closed'),
        sameDay: t('grid.kpi.sameDay'),
        closeRate: t('grid.kpi.closeRate'),
        sameDayRate: t('grid.kpi.sameDayRate'),
        minutes: t('grid.unit.min'),
        steps: STEP_PAIRS.map((p) => t(`grid.pair.${p}` as MessageKey)),
      })
      if (rendered() === null) setRendered(Math.round(performance.now()))
    })
  })

  const loadDemo = () => {
    const end = Date.now()
    writeDemo(
      doc.handle.doc,
      generateDemo({ seed: 2025, count: 1200, days: 90, end, actor: { userId: me().userId, name: me().name } }),
      me().userId,
    )
  }

  return (
    <div class="stack">
      <A href={`/c/${props.councilId}/grid`} class="back-link">
        ← {t('grid.back')}
      </A>
      <section
        class="card"
        data-testid="grid-dashboard"
        data-ready={rendered() !== null ? 'true' : 'false'}
        data-render-ms={rendered() ?? ''}
        data-events={snap().events.length}
      >
        <h1>{t('grid.dashboard')}</h1>
        <div class="row">
          <div class="period-switch" role="group" aria-label={t('grid.period')}>
            <For each={PERIOD_KINDS}>
              {(k) => (
                <button
                  type="button"
                  class="btn btn--small"
                  aria-pressed={kind() === k}
                  onClick={() => setKind(k)}
                  data-testid={`period-${k}`}
                >
                  {t(`grid.period.${k}` as MessageKey)}
                </button>
              )}
            </For>
          </div>
          <A class="btn btn--small" href={`/c/${props.councilId}/grid/report`} data-testid="open-report">
            {t('grid.report.open')}
          </A>
        </div>
        <p class="muted" data-testid="period-label">
          {formatPeriod(data().current.period)}
        </p>
        <Kpis m={data().current} />
      </section>
      <section class="card charts">
        <div>
          <h2>{t('grid.chart.counts')}</h2>
          <div class="chart-box">
            <canvas ref={counts} />
          </div>
        </div>
        <div>
          <h2>{t('grid.chart.rates')}</h2>
          <div class="chart-box">
            <canvas ref={rates} />
          </div>
        </div>
        <div>
          <h2>{t('grid.chart.steps')}</h2>
          <div class="chart-box">
            <canvas ref={steps} />
          </div>
        </div>
      </section>
      <Show when={caps().dispatcher && doc.ready() && snap().events.length === 0}>
        <section class="card">
          <button type="button" class="btn" onClick={loadDemo} data-testid="grid-seed-demo">
            {t('grid.demo.load')}
          </button>{' '}
          <span class="muted">{t('grid.demo.hint')}</span>
        </section>
      </Show>
    </div>
  )
}
