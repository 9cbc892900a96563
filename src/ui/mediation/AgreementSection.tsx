/**
 * The agreement (Art. 28/29): text, terms with how and by when, then every party and the lead
 * mediator sign on the tablet. In effect once all have signed (effective day = last signature);
 * shows the Art. 33 judicial-confirmation window and each term's deadline.
 */
import { ChoiceField, DateTimeField, SelectField, TextArea, TextField } from '../form/Form'
import { A } from '@solidjs/router'
import { createSignal, For, Index, Show } from 'solid-js'
import {
  agreementHash,
  missingContents,
  requiredSigners,
  type AgreementText,
  type RequiredSigner,
} from '../../domain/mediation/agreement'
import { setAgreement, sign } from '../../domain/mediation/caseCommands'
import type { Term, TermDue } from '../../domain/mediation/schema'
import { shanghaiDay } from '../../domain/mediation/time'
import { Refusal } from '../Refusal'
import { createCaseRefusal } from './refusals'
import { t } from '../../i18n'
import { formValues } from './form'
import { dateTime } from './labels'
import { ConfirmWindow } from './ConfirmWindow'
import { SignaturePad } from './SignaturePad'
import { uiClock, type UsedCase } from './useCase'
import { formatDate } from '../../i18n/dates'
import { newId } from '../../domain/ids'

export function AgreementSection(props: { c: UsedCase; councilId: string; caseId: string; me?: string }) {
  const snap = () => props.c.snap()
  const view = () => props.c.view()
  const a = () => snap().agreement
  const [termIds, setTermIds] = createSignal<string[]>(a().terms.length ? a().terms.map((x) => x.id) : [newId('t')])
  const [kind, setKind] = createSignal<'written' | 'oral'>(a().kind)
  const [signing, setSigning] = createSignal<RequiredSigner | null>(null)
  const refusal = createCaseRefusal()
  const termOf = (id: string): Term | undefined => a().terms.find((x) => x.id === id)
  const required = () => {
    const m = snap().meta!
    return requiredSigners(snap().parties, m.lead ? { userId: m.lead, name: m.leadName } : null, a().kind)
  }

  const save = (e: SubmitEvent) => {
    e.preventDefault()
    if (view().effect.valid.size > 0 && !confirm(t('mediation.resignWarn'))) return
    const f = formValues(e.currentTarget as HTMLFormElement)
    const terms: Term[] = []
    termIds().forEach((id, i) => {
      const text = f[`t${i}.text`] ?? ''
      if (!text) return
      const dk = f[`t${i}.dueKind`] ?? 'days'
      const due: TermDue =
        dk === 'date' && f[`t${i}.dueDay`]
          ? { kind: 'date', day: f[`t${i}.dueDay`]! }
          : dk === 'on-signing'
            ? { kind: 'on-signing' }
            : { kind: 'days', days: Math.max(0, Math.min(3650, Number(f[`t${i}.dueDays`]) || 0)) }
      terms.push({ id, text, how: f[`t${i}.how`] ?? '', party: f[`t${i}.party`] ?? '', due })
    })
    const next: AgreementText = {
      kind: kind(),
      facts: f.facts ?? '',
      issues: f.issues ?? '',
      responsibility: f.responsibility ?? '',
      oralRecord: f.oralRecord ?? '',
      terms,
    }
    refusal.report(setAgreement(props.c.doc.handle.doc, next, props.me ?? '', uiClock()))
  }

  const doSign = (r: RequiredSigner, res: { method: 'handwriting' | 'fingerprint' | 'seal'; path: string }) => {
    const done = sign(props.c.doc.handle.doc, {
      signer: r.signer,
      name: r.name,
      kind: r.kind,
      method: res.method,
      path: res.path,
      at: uiClock(),
      textHash: agreementHash(a(), snap().parties),
    })
    refusal.report(done)
    setSigning(null)
  }
  const today = () => shanghaiDay(props.c.now())

  return (
    <section class="card" data-testid="agreement">
      <h2>{t('mediation.agreement')}</h2>
      <form class="form" data-testid="agreement-form" onSubmit={save}>
        <ChoiceField
          legend={t('mediation.kind')}
          name="kind"
          options={[
            { value: 'written', label: t('mediation.kind.written') },
            { value: 'oral', label: t('mediation.kind.oral') },
          ]}
          value={kind()}
          onChange={(v) => setKind(v as 'written' | 'oral')}
        />
        <TextArea label={t('mediation.facts')} name="facts" rows={3} value={a().facts} />
        <TextArea label={t('mediation.issues')} name="issues" rows={2} value={a().issues} />
        <TextArea label={t('mediation.responsibility')} name="responsibility" rows={2} value={a().responsibility} />
        <Show when={kind() === 'oral'}>
          <TextArea label={t('mediation.oralRecord')} name="oralRecord" rows={3} value={a().oralRecord} />
        </Show>
        <h3>{t('mediation.terms')}</h3>
        <Index each={termIds()}>
          {(id, i) => {
            const term = () => termOf(id())
            const [dueKind, setDueKind] = createSignal(term()?.due.kind ?? 'days')
            return (
              <fieldset class="med-term" data-testid="term-row">
                <TextField
                  label={`${t('mediation.termText')} ${i + 1}`}
                  name={`t${i}.text`}
                  value={term()?.text ?? ''}
                  maxLength={1000}
                />
                <TextField
                  label={t('mediation.termHow')}
                  name={`t${i}.how`}
                  value={term()?.how ?? ''}
                  maxLength={500}
                />
                <SelectField label={t('mediation.termParty')} name={`t${i}.party`}>
                  <option value="">{t('mediation.allParties')}</option>
                  <For each={snap().parties}>
                    {(p) => (
                      <option value={p.id} selected={term()?.party === p.id}>
                        {p.name}
                      </option>
                    )}
                  </For>
                </SelectField>
                <SelectField
                  label={t('mediation.termDue')}
                  name={`t${i}.dueKind`}
                  value={dueKind()}
                  onChange={(v) => setDueKind(v as TermDue['kind'])}
                >
                  <option value="days">{t('mediation.due.days')}</option>
                  <option value="date">{t('mediation.due.date')}</option>
                  <option value="on-signing">{t('mediation.due.on-signing')}</option>
                </SelectField>
                <Show when={dueKind() === 'days'}>
                  <TextField
                    label={t('mediation.due.days')}
                    name={`t${i}.dueDays`}
                    type="number"
                    min="0"
                    max="3650"
                    value={String(term()?.due.kind === 'days' ? (term()!.due as { days: number }).days : 7)}
                  />
                </Show>
                <Show when={dueKind() === 'date'}>
                  <DateTimeField
                    label={t('mediation.due.date')}
                    name={`t${i}.dueDay`}
                    kind="date"
                    value={term()?.due.kind === 'date' ? (term()!.due as { day: string }).day : ''}
                  />
                </Show>
              </fieldset>
            )
          }}
        </Index>
        <div class="med-row">
          <button
            type="button"
            class="btn"
            data-testid="term-add"
            onClick={() => setTermIds([...termIds(), newId('t')])}
          >
            {t('mediation.addTerm')}
          </button>
          <button type="submit" class="btn btn--primary" data-testid="agreement-save">
            {t('mediation.saveAgreement')}
          </button>
        </div>
      </form>

      <Show when={missingContents(a()).length > 0}>
        <p class="banner--warn med-note" data-testid="agreement-missing">
          {t('agreement.missing', {
            items: missingContents(a())
              .map((k) => t(`agreement.missing.${k}`))
              .join('、'),
          })}
        </p>
      </Show>
      <Show when={a().kind === 'oral'}>
        <p class="muted">{t('agreement.oralNote')}</p>
      </Show>
      <h3>{t('mediation.signatures')}</h3>
      <Show
        when={snap().meta?.lead}
        fallback={
          <p class="banner--warn med-note" data-testid="need-lead">
            {t('mediation.needLead')}
          </p>
        }
      >
        {null}
      </Show>
      <ul class="med-list" data-testid="signers">
        <For each={required()}>
          {(r) => {
            const sig = () => view().effect.valid.get(r.signer)
            return (
              <li data-testid="signer" data-signed={sig() ? 'true' : 'false'}>
                <strong>{r.name}</strong>{' '}
                <span class="muted">
                  {r.kind === 'seal'
                    ? ''
                    : r.kind === 'mediator'
                      ? a().kind === 'oral'
                        ? t('agreement.oralMediator')
                        : t('mediation.printMediator')
                      : t('mediation.printParty')}
                </span>{' '}
                <Show
                  when={sig()}
                  fallback={
                    <button
                      type="button"
                      class="btn btn--small"
                      data-testid={`sign-${r.kind}`}
                      onClick={() =>
                        r.kind === 'seal'
                          ? confirm(t('agreement.sealConfirm')) && doSign(r, { method: 'seal', path: '' })
                          : setSigning(r)
                      }
                    >
                      {r.kind === 'seal' ? t('agreement.sealRecord') : t('mediation.sign')}
                    </button>
                  }
                >
                  {(s) => (
                    <span class="ok">
                      {s().kind === 'seal'
                        ? t('agreement.sealed', { at: dateTime(s().at) })
                        : t('mediation.signed', { at: dateTime(s().at) })}
                    </span>
                  )}
                </Show>
              </li>
            )
          }}
        </For>
      </ul>
      <Show
        when={view().effect.effective}
        fallback={
          <p class="muted" data-testid="agreement-effect">
            {t('mediation.notEffective', { n: view().effect.missing.length })}
          </p>
        }
      >
        <p class="ok" data-testid="agreement-effect" data-effective-day={view().effect.effectiveDay}>
          {t('mediation.effective', { day: formatDate(view().effect.effectiveDay!) })}
        </p>
        <Show when={view().effect.confirmation}>{(c) => <ConfirmWindow window={c()} today={today()} />}</Show>
      </Show>
      <Refusal text={refusal.text()} onDismiss={refusal.clear} testId="agreement-refusal" />
      <A class="btn" href={`/c/${props.councilId}/cases/${props.caseId}/agreement`} data-testid="agreement-print-link">
        {t('mediation.print')}
      </A>
      <Show when={signing()}>
        {(r) => <SignaturePad name={r().name} onCancel={() => setSigning(null)} onDone={(res) => doSign(r(), res)} />}
      </Show>
    </section>
  )
}
