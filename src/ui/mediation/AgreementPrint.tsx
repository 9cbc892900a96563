/**
 * `/c/:councilId/cases/:caseId/agreement`: the 人民调解协议书 for printing (A4, system fonts), always
 * in Chinese, one copy per party plus the committee's, each on its own page. Contents per Art. 29:
 * the parties' particulars; main facts, disputed issues and each party's responsibility; the agreed
 * terms with how and by when each is performed; signatures (or fingerprints), the mediator and the
 * committee's seal; the Art. 33 judicial confirmation window. An oral agreement prints as the
 * mediator's record (Art. 28).
 */
import { A, useParams } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { COMMITTEE_SEAL, termDueDay } from '../../domain/mediation/agreement'
import { zhDay } from './ConfirmWindow'
import { confirmMovedText, zhAgreement } from './ConfirmWindow'
import { maskIdNumber, maskPhone } from '../../domain/mediation/mask'
import { asCaseId, type CaseId, type Party, type Term } from '../../domain/mediation/schema'
import { mediationStrings } from '../../i18n/features/mediation'
import { mediationCareStrings } from '../../i18n/features/mediationCare'
import { t } from '../../i18n'
import { useCouncilAccess, useSession } from '../session'
import { PAD_H, PAD_W } from './SignaturePad'
import { useCase, type UsedCase } from './useCase'
import { dateTime, caseSerial } from './labels'
import './mediation.css'

// the printed agreement is always in Chinese (the language it is signed in), whatever the UI language
const ZH = { ...mediationStrings.zh, ...mediationCareStrings.zh }
type ZhKey = keyof typeof ZH
const zh = (k: ZhKey, p: Record<string, string | number> = {}) =>
  ZH[k].replace(/\{(\w+)\}/g, (m, n: string) => (n in p ? String(p[n]) : m))

export default function AgreementPrint() {
  const params = useParams<{ councilId: string; caseId: string }>()
  const access = useCouncilAccess(() => params.councilId)
  const session = useSession()
  const id = asCaseId(params.caseId)
  return (
    <Show when={access().canRead('case') && id} fallback={<p class="card">{t('mediation.noAccess')}</p>}>
      <PrintView
        caseId={id!}
        canList={access().canRead('caselist')}
        scope={session()?.user.id ?? ''}
        councilId={params.councilId}
        council={session()?.councils.find((c) => c.id === params.councilId)?.name ?? ''}
      />
    </Show>
  )
}

function PrintView(props: { caseId: CaseId; canList: boolean; scope: string; councilId: string; council: string }) {
  const c = useCase(props.councilId, props.caseId, props.canList, props.scope) // once, for the page's lifetime
  const snap = () => c.snap()
  const copies = () => [
    ...snap().parties.map((p) => zh('mediation.printCopyParty', { name: p.name })),
    zh('mediation.printCopyCommittee'),
  ]
  return (
    <div class="agreement-print" data-testid="agreement-print">
      <div class="no-print med-row">
        <A href={`/c/${props.councilId}/cases/${snap().meta?.caseId ?? ''}`} class="back-link">
          ← {t('mediation.back')}
        </A>
        <button type="button" class="btn btn--primary" onClick={() => window.print()}>
          {t('mediation.printButton')}
        </button>
      </div>
      <Show when={snap().meta} fallback={<p class="muted">{t('mediation.loading')}</p>}>
        <For each={copies()}>
          {(copy) => <Copy c={c} council={props.council} copy={copy} total={copies().length} />}
        </For>
      </Show>
    </div>
  )
}

const roleZh = (p: Party) => ZH[`mediation.partyRole.${p.role}` as ZhKey]

function Copy(props: { c: UsedCase; council: string; copy: string; total: number }) {
  const snap = () => props.c.snap()
  const a = () => snap().agreement
  const effect = () => props.c.view().effect
  const partyName = (id: string) => snap().parties.find((p) => p.id === id)?.name ?? zh('mediation.allParties')
  const dueText = (term: Term) => {
    const day = termDueDay(term, effect().effectiveDay)
    const d = day ? zhDay(day) : null
    if (term.due.kind === 'days') return `协议生效后 ${term.due.days} 日内${d ? `（${d} 前）` : ''}`
    if (term.due.kind === 'on-signing') return `签订协议时当场履行${d ? `（${d}）` : ''}`
    return `${d} 前`
  }
  return (
    <article class="print-copy" data-testid="print-copy">
      <p class="print-copy__label">{props.copy}</p>
      <h1 class="print-title">{a().kind === 'oral' ? zh('mediation.printOral') : zh('mediation.printTitle')}</h1>
      <p class="print-no">
        {props.council} {zh('mediation.printNo', { no: caseSerial(snap().meta!.caseId) })}
      </p>
      <Show when={!effect().effective}>
        <p class="print-warn">{zh('mediation.printNotEffective')}</p>
      </Show>
      <h2>一、{zh('mediation.printParties')}</h2>
      <ol class="print-parties" data-testid="print-parties">
        <For each={snap().parties}>
          {(p) => (
            <li>
              {roleZh(p)}：{p.name}
              <Show when={p.relationship}>，{p.relationship}</Show>
              <Show when={p.idNumber}>，身份证号 {maskIdNumber(p.idNumber)}</Show>
              <Show when={p.phone}>，联系电话 {maskPhone(p.phone)}</Show>
              <Show when={p.address}>，住址 {p.address}</Show>
            </li>
          )}
        </For>
      </ol>
      <h2>二、{zh('mediation.printFacts')}</h2>
      <p class="print-text" data-testid="print-facts">
        {a().facts}
      </p>
      <p class="print-text">
        <strong>{zh('mediation.issues')}：</strong>
        <span data-testid="print-issues">{a().issues}</span>
      </p>
      <h2>三、{zh('mediation.printResp')}</h2>
      <p class="print-text" data-testid="print-resp">
        {a().responsibility}
      </p>
      <h2>四、{zh('mediation.printTerms')}</h2>
      <Show when={a().kind === 'oral' && a().oralRecord}>
        <p class="print-text">{a().oralRecord}</p>
      </Show>
      <ol class="print-terms" data-testid="print-terms">
        <For each={a().terms}>
          {(term) => (
            <li>
              {term.text}
              <div class="print-sub">
                {zh('mediation.termParty')}：{partyName(term.party)}；{zh('mediation.printPerform')}：{term.how || '—'}
                ；{zh('mediation.termDue')}：{dueText(term)}
              </div>
            </li>
          )}
        </For>
      </ol>
      <h2>五、其他</h2>
      <p class="print-text">{zh('mediation.printEffect')}</p>
      <Show when={effect().effectiveDay}>
        <p class="print-text" data-testid="print-confirm">
          {zh('mediation.printConfirm', {
            day: zhDay(effect().effectiveDay!),
            deadline: zhDay(effect().confirmationDeadline!),
          })}
          <Show when={effect().confirmation?.movedBecause}>
            （{confirmMovedText(effect().confirmation!, zhAgreement)}）
          </Show>
        </p>
        <p class="print-text print-sub" data-testid="print-confirm-rule">
          {zhAgreement('agreement.confirmRule')}
        </p>
      </Show>
      <p class="print-text">{zh('mediation.printCopies', { n: props.total })}</p>
      <div class="print-signatures" data-testid="print-signatures">
        <For each={[...effect().valid.values()].filter((s) => s.kind !== 'seal')}>
          {(s) => (
            <div class="print-sig">
              <div>
                {s.kind === 'mediator' ? zh('mediation.printMediator') : zh('mediation.printParty')}（签名）：{s.name}
              </div>
              <Show
                when={s.method === 'handwriting'}
                fallback={<div class="print-finger">{zh('mediation.printFingerprint')}</div>}
              >
                <svg class="print-sig__img" viewBox={`0 0 ${PAD_W} ${PAD_H}`} role="img" aria-label={s.name}>
                  <path
                    d={s.path}
                    fill="none"
                    stroke="#000"
                    stroke-width="4"
                    stroke-linecap="round"
                    stroke-linejoin="round"
                  />
                </svg>
              </Show>
              <div class="print-sub">
                {zh('mediation.printDate')}：{dateTime(s.at)}
              </div>
            </div>
          )}
        </For>
      </div>
      <p
        class="print-seal"
        data-testid="print-seal"
        data-sealed={effect().valid.has(COMMITTEE_SEAL) ? 'true' : 'false'}
      >
        {zh('mediation.printSeal')}　　{effect().effectiveDay ? zhDay(effect().effectiveDay!) : '　　年　月　日'}
      </p>
    </article>
  )
}
