/**
 * `/c/:councilId/cases`: due-today / overdue work and the case list, from the redacted list doc
 * (works offline, no personal details). Mediators and grid workers see their own cases; the chair
 * and admins see every case. Also sweeps local copies of cases this person was removed from.
 */
import { A, useNavigate, useParams } from '@solidjs/router'
import { createEffect, createMemo, For, onCleanup, Show } from 'solid-js'
import { dueWork, isMine, readCaseList, type CaseSummary } from '../../domain/mediation/caseList'
import { newCaseId } from '../../domain/mediation/schema'
import { shanghaiDay } from '../../domain/mediation/time'
import { openDoc } from '../../sync/docRegistry'
import { t } from '../../i18n'
import { AccessNotice } from '../AccessNotice'
import { useCouncilAccess, useSession } from '../session'
import { useDoc, useDocValue } from '../useDoc'
import { label, caseSerial } from './labels'
import { useNow } from '../useNow'
import { openedCases, rememberOpened } from './useCase'
import './mediation.css'
import { docName, parseDocName } from '../../domain/docTypes'
import { formatDate } from '../../i18n/dates'

export default function CasesPage() {
  const params = useParams<{ councilId: string }>()
  const access = useCouncilAccess(() => params.councilId)
  return (
    <Show
      when={access().canRead('caselist')}
      fallback={
        <p class="card" data-testid="mediation-no-access">
          {t('mediation.noAccess')}
        </p>
      }
    >
      <Show when={params.councilId} keyed>
        {(id) => <CaseListView councilId={id} all={access().isAdmin || access().roles.includes('chair')} />}
      </Show>
    </Show>
  )
}

function CaseListView(props: { councilId: string; all: boolean }) {
  const session = useSession()
  const me = () => session()?.user.id ?? ''
  const navigate = useNavigate()
  const doc = useDoc(docName('caselist', props.councilId))
  const list = useDocValue(doc.handle.doc, doc.handle.ready, readCaseList)
  const now = useNow()
  const today = () => shanghaiDay(now())
  const shown = createMemo(() => (props.all ? list() : list().filter((c) => isMine(c, me()))))
  const due = createMemo(() =>
    shown()
      .flatMap((c) => dueWork(c, today()))
      .sort((a, b) => b.daysLate - a.daysLate),
  )
  sweepUnassigned(
    props.councilId,
    me,
    list,
    () => props.all,
    () => doc.status().synced,
  )

  return (
    <div class="stack mediation">
      <A href={`/c/${props.councilId}`} class="back-link">
        ← {t('council.back')}
      </A>
      <Show when={doc.access() === 'ok'} fallback={<AccessNotice pending={doc.status().pending} />}>
        <section class="card">
          <div class="med-head">
            <h1>{t('mediation.title')}</h1>
            <div class="med-actions">
              <button
                type="button"
                class="btn btn--primary"
                data-testid="case-new"
                onClick={() => navigate(`/c/${props.councilId}/cases/${newCaseId()}`)}
              >
                {t('mediation.new')}
              </button>
              <A class="btn" href={`/c/${props.councilId}/cases/stats`} data-testid="case-stats">
                {t('mediation.stats')}
              </A>
            </div>
          </div>
          <p class="muted">{t('mediation.listNote')}</p>
        </section>
        <section class="card" data-testid="due-list">
          <h2>{t('mediation.dueTitle')}</h2>
          <Show when={due().length > 0} fallback={<p class="empty">{t('mediation.dueNone')}</p>}>
            <ul class="med-list">
              <For each={due()}>
                {(d) => (
                  <li data-testid="due-item" data-case={d.caseId} data-late={d.daysLate}>
                    <A href={`/c/${props.councilId}/cases/${d.caseId}`}>
                      <span class={d.daysLate > 0 ? 'med-badge med-badge--late' : 'med-badge med-badge--today'}>
                        {d.daysLate > 0 ? t('mediation.overdueDays', { n: d.daysLate }) : t('mediation.dueToday')}
                      </span>{' '}
                      {d.kind === 'visit' ? t('mediation.dueVisit') : t('mediation.dueTerm')} · {label('type', d.type)}{' '}
                      · {formatDate(d.day)}
                    </A>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
        <section class="card" data-testid="case-list">
          <h2>{props.all ? t('mediation.all') : t('mediation.mine')}</h2>
          <Show when={shown().length > 0} fallback={<p class="empty">{t('mediation.none')}</p>}>
            <ul class="med-list">
              <For each={shown()}>{(c) => <CaseRow councilId={props.councilId} c={c} />}</For>
            </ul>
          </Show>
        </section>
      </Show>
    </div>
  )
}

function CaseRow(props: { councilId: string; c: CaseSummary }) {
  return (
    <li data-testid="case-row" data-case={props.c.caseId}>
      <A href={`/c/${props.councilId}/cases/${props.c.caseId}`}>
        <span class={`med-badge med-badge--${props.c.urgency}`}>{label('urgency', props.c.urgency)}</span>{' '}
        <strong>{label('type', props.c.type)}</strong> · {label('status', props.c.status)} ·{' '}
        {formatDate(props.c.reportedAt)}
        <span class="muted"> · {caseSerial(props.c.caseId)}</span>
      </A>
    </li>
  )
}

/**
 * A case this device opened before but whose list entry no longer names this person: open it once
 * so the server answers 4403 and the registry deletes the local copy (src/sync/docRegistry.ts).
 */
function sweepUnassigned(
  councilId: string,
  me: () => string,
  list: () => CaseSummary[],
  all: () => boolean,
  synced: () => boolean,
) {
  const handles: Array<{ release(): void }> = []
  createEffect(() => {
    if (!synced() || all() || !me()) return
    const scope = me()
    const stale = openedCases(scope).filter((name) => {
      const parsed = parseDocName(name)
      if (parsed?.kind !== 'case' || parsed.councilId !== councilId) return false
      const entry = list().find((c) => c.caseId === parsed.ids[0])
      return entry !== undefined && !entry.assignees.includes(scope)
    })
    for (const name of stale) {
      const h = openDoc(name)
      handles.push(h)
      const unsub = h.access.subscribe((a) => {
        if (a !== 'denied') return
        rememberOpened(scope, name, false)
        queueMicrotask(() => {
          unsub()
          h.release()
        })
      })
    }
  })
  onCleanup(() => {
    for (const h of handles) h.release()
  })
}
