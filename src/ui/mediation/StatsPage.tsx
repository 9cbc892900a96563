/** `/c/:councilId/cases/stats`: the committee's monthly summary (from the redacted list), CSV + print. */
import { TextField } from '../form/Form'
import { A, useParams } from '@solidjs/router'
import { createMemo, createSignal, For, Show } from 'solid-js'
import { readCaseList } from '../../domain/mediation/caseList'
import { CASE_STATUSES, CASE_TYPES } from '../../domain/mediation/schema'
import { computeStats, statsCsv } from '../../domain/mediation/stats'
import { monthOf, shanghaiDay } from '../../domain/mediation/time'
import { t } from '../../i18n'
import { AccessNotice } from '../AccessNotice'
import { useCouncilAccess } from '../session'
import { useDoc, useDocValue } from '../useDoc'
import { label } from './labels'
import { useNow } from '../useNow'
import './mediation.css'
import { docName } from '../../domain/docTypes'
import { download } from '../download'

export default function StatsPage() {
  const params = useParams<{ councilId: string }>()
  const access = useCouncilAccess(() => params.councilId)
  return (
    <Show when={access().canRead('caselist')} fallback={<p class="card">{t('mediation.noAccess')}</p>}>
      <Show when={params.councilId} keyed>
        {(id) => <Stats councilId={id} />}
      </Show>
    </Show>
  )
}

function Stats(props: { councilId: string }) {
  const doc = useDoc(docName('caselist', props.councilId))
  const list = useDocValue(doc.handle.doc, doc.handle.ready, readCaseList)
  const now = useNow()
  const [month, setMonth] = createSignal(monthOf(shanghaiDay(now())))
  const stats = createMemo(() => computeStats(list(), shanghaiDay(now()), month() || null))
  const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`)
  const exportCsv = () => {
    const csv = statsCsv(stats(), list(), {
      type: (x) => label('type', x),
      status: (x) => label('status', x),
      header: t('mediation.csvHeader').split(','),
      figures: {
        month: t('mediation.month'),
        total: t('mediation.total'),
        successRate: t('mediation.successRate'),
        avgResponse: t('mediation.avgResponse'),
        followUps: t('mediation.followUps'),
      },
    })
    download(`mediation-${month() || 'all'}.csv`, csv, 'text/csv;charset=utf-8')
  }
  return (
    <div class="stack mediation med-stats">
      <A href={`/c/${props.councilId}/cases`} class="back-link no-print">
        ← {t('mediation.back')}
      </A>
      <Show when={doc.access() === 'ok'} fallback={<AccessNotice pending={0} />}>
        <section class="card" data-testid="stats">
          <h1>{t('mediation.statsTitle')}</h1>
          <div class="inline-form no-print">
            <TextField
              label={t('mediation.month')}
              type="month"
              data-testid="stats-month"
              value={month()}
              onInput={setMonth}
            />
            <button type="button" class="btn" data-testid="stats-csv" onClick={exportCsv}>
              {t('mediation.csv')}
            </button>
            <button type="button" class="btn" onClick={() => window.print()}>
              {t('mediation.printButton')}
            </button>
          </div>
          <dl class="totals">
            <div>
              <dt>{t('mediation.total')}</dt>
              <dd data-testid="stats-total">{stats().total}</dd>
            </div>
            <div>
              <dt>{t('mediation.successRate')}</dt>
              <dd data-testid="stats-success">{pct(stats().successRate)}</dd>
            </div>
            <div>
              <dt>{t('mediation.avgResponse')}</dt>
              <dd data-testid="stats-response">
                {stats().avgResponseMinutes === null ? '—' : stats().avgResponseMinutes!.toFixed(1)}
              </dd>
            </div>
            <div>
              <dt>{t('mediation.followUps')}</dt>
              <dd data-testid="stats-followups">
                {stats().followUpsOnTime}/{stats().followUpsDue}
              </dd>
            </div>
          </dl>
          <div class="med-grid">
            <table class="roll-table">
              <caption>{t('mediation.byType')}</caption>
              <tbody>
                <For each={[...CASE_TYPES]}>
                  {(x) => (
                    <tr>
                      <td>{label('type', x)}</td>
                      <td class="num">{stats().byType[x]}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <table class="roll-table">
              <caption>{t('mediation.byStatus')}</caption>
              <tbody>
                <For each={[...CASE_STATUSES]}>
                  {(x) => (
                    <tr>
                      <td>{label('status', x)}</td>
                      <td class="num">{stats().byStatus[x]}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </section>
      </Show>
    </div>
  )
}
