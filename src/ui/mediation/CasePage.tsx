/**
 * `/c/:councilId/cases/:caseId` (doc `case:<councilId>:<caseId>`): intake when the doc is new, else
 * the case — summary, parties (masked), assignment and linked mediation, sessions, agreement and
 * signatures, follow-up care, closing. Only assignees, the chair and admins get in (server 4403);
 * on 4403 the registry deletes this device's copy.
 */
import { A, useParams } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { asCaseId, type CaseId } from '../../domain/mediation/schema'
import { maskIdNumber, maskPhone } from '../../domain/mediation/mask'
import { t } from '../../i18n'
import { useCouncilAccess, useSession } from '../session'
import { AgreementSection } from './AgreementSection'
import { AssignSection } from './AssignSection'
import { CareSection } from './CareSection'
import { ClosingSection } from './ClosingSection'
import { IntakeForm } from './IntakeForm'
import { dateTime, label, responseMinutes, caseSerial } from './labels'
import { SessionsSection } from './SessionsSection'
import { useCase, type UsedCase } from './useCase'
import './mediation.css'

export default function CasePage() {
  const params = useParams<{ councilId: string; caseId: string }>()
  const access = useCouncilAccess(() => params.councilId)
  const id = () => asCaseId(params.caseId)
  return (
    <Show
      when={access().canRead('case') && id()}
      fallback={
        <p class="card" data-testid="mediation-no-access">
          {t('mediation.noAccess')}
        </p>
      }
    >
      <Show when={`${params.councilId}/${params.caseId}`} keyed>
        {(_key) => (
          <CaseView
            councilId={params.councilId}
            caseId={id()!}
            canList={access().canRead('caselist')}
            boss={access().isAdmin || access().roles.includes('chair')}
          />
        )}
      </Show>
    </Show>
  )
}

function CaseView(props: { councilId: string; caseId: CaseId; canList: boolean; boss: boolean }) {
  const session = useSession()
  const me = () => ({ userId: session()?.user.id ?? '', name: session()?.user.name ?? '' })
  const c = useCase(props.councilId, props.caseId, props.canList, me().userId)
  const council = () => session()?.councils.find((x) => x.id === props.councilId)
  const meta = () => c.snap().meta
  return (
    <div class="stack mediation">
      <A href={`/c/${props.councilId}/cases`} class="back-link">
        ← {t('mediation.back')}
      </A>
      <Show
        when={c.doc.access() === 'ok'}
        fallback={
          <p class="card banner--error" role="alert" data-testid="case-removed">
            {c.wasAssigned() ? t('mediation.removed') : t('mediation.notAssigned')}
          </p>
        }
      >
        <Show when={c.doc.ready()} fallback={<p class="card muted">{t('mediation.loading')}</p>}>
          <Show
            when={meta()}
            fallback={
              <IntakeForm
                doc={c.doc.handle.doc}
                councilId={props.councilId}
                caseId={props.caseId}
                me={me()}
                grid={council()?.grid ?? ''}
                onCreated={() => window.scrollTo(0, 0)}
              />
            }
          >
            <Summary c={c} />
            <AssignSection c={c} councilId={props.councilId} me={me()} boss={props.boss} />
            <SessionsSection c={c} me={me()} />
            <AgreementSection c={c} councilId={props.councilId} caseId={props.caseId} me={me().userId} />
            <CareSection c={c} me={me()} />
            <ClosingSection c={c} councilId={props.councilId} caseId={props.caseId} me={me()} />
          </Show>
        </Show>
      </Show>
    </div>
  )
}

function Summary(props: { c: UsedCase }) {
  const m = () => props.c.snap().meta!
  const resp = () => responseMinutes(m().reportedAt, m().arrivedAt)
  const place = () =>
    [m().place.building && `${m().place.building}栋`, m().place.flat, m().place.text, m().place.grid]
      .filter(Boolean)
      .join(' · ')
  return (
    <section class="card" data-testid="case-summary" data-status={m().status}>
      <div class="med-head">
        <h1>{label('type', m().type)}</h1>
        <span class={`med-badge med-badge--${m().urgency}`}>{label('urgency', m().urgency)}</span>
        <span class="med-badge" data-testid="case-status">
          {label('status', m().status)}
        </span>
      </div>
      <dl class="facts">
        <dt>{t('mediation.caseNo')}</dt>
        <dd>{caseSerial(m().caseId)}</dd>
        <dt>{t('mediation.reportedAt')}</dt>
        <dd>{dateTime(m().reportedAt)}</dd>
        <dt>{t('mediation.arrivedAt')}</dt>
        <dd>{dateTime(m().arrivedAt)}</dd>
        <dt>{t('mediation.responseTime')}</dt>
        <dd data-testid="response-time">{resp() === null ? '—' : t('mediation.minutes', { n: resp()! })}</dd>
        <Show when={place()}>
          <dt>{t('mediation.sessionPlace')}</dt>
          <dd>{place()}</dd>
        </Show>
        <dt>{t('mediation.description')}</dt>
        <dd class="med-pre">{m().description}</dd>
      </dl>
      <h2>{t('mediation.parties')}</h2>
      <ul class="med-list" data-testid="parties">
        <For each={props.c.snap().parties}>
          {(p) => (
            <li data-testid="party">
              <strong>{p.name}</strong> · {label('partyRole', p.role)}
              <Show when={p.relationship}> · {p.relationship}</Show>
              <Show when={p.phone}>
                {' '}
                · <span data-testid="party-phone">{maskPhone(p.phone)}</span>
              </Show>
              <Show when={p.idNumber}> · {maskIdNumber(p.idNumber)}</Show>
            </li>
          )}
        </For>
      </ul>
    </section>
  )
}
