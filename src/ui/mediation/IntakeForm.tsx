/** Intake (案件登记) on a phone or tablet, offline: type, urgency, place, parties, times. */
import { DateTimeField, SelectField, TextArea, TextField } from '../form/Form'
import { OfflineHint } from '../OfflineHint'
import { createSignal, For, Index } from 'solid-js'
import type * as Y from 'yjs'
import { createCase } from '../../domain/mediation/caseCommands'
import { CASE_TYPES, PARTY_ROLES, URGENCIES, type CaseId, type Party } from '../../domain/mediation/schema'
import { fromShanghaiLocal, toShanghaiLocal } from '../../domain/mediation/time'
import { t } from '../../i18n'
import { caseRefusalText } from './refusals'
import { formValues } from './form'
import { label } from './labels'
import { uiClock } from './useCase'
import { newId } from '../../domain/ids'

export function IntakeForm(props: {
  doc: Y.Doc
  councilId: string
  caseId: CaseId
  me: { userId: string; name: string }
  grid: string
  onCreated: () => void
}) {
  const [parties, setParties] = createSignal([newId('p'), newId('p')])
  const [error, setError] = createSignal('')
  // controlled, so "now" can fill it and the Chinese echo follows
  const [arrived, setArrived] = createSignal('')
  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    const f = formValues(e.currentTarget as HTMLFormElement)
    const list: Party[] = parties()
      .map((id, i) => ({
        id,
        name: f[`p${i}.name`] ?? '',
        role: (f[`p${i}.role`] ?? 'other') as Party['role'],
        phone: f[`p${i}.phone`] ?? '',
        idNumber: f[`p${i}.idNumber`] ?? '',
        relationship: f[`p${i}.relationship`] ?? '',
        address: f[`p${i}.address`] ?? '',
      }))
      .filter((p) => p.name)
    if (list.length === 0) return setError(t('mediation.needParty'))
    const r = createCase(
      props.doc,
      props.councilId,
      props.caseId,
      {
        type: f.type as (typeof CASE_TYPES)[number],
        urgency: f.urgency as (typeof URGENCIES)[number],
        place: { building: f.building ?? '', flat: f.flat ?? '', text: f.placeText ?? '', grid: f.grid ?? '' },
        description: f.description ?? '',
        reportedAt: fromShanghaiLocal(f.reportedAt ?? '') ?? uiClock(),
        arrivedAt: fromShanghaiLocal(f.arrivedAt ?? ''),
        parties: list,
      },
      props.me,
      uiClock,
    )
    if (!r.ok) return setError(caseRefusalText(r))
    props.onCreated()
  }
  return (
    <form class="card form med-form" data-testid="intake-form" onSubmit={submit}>
      <h1>{t('mediation.intake')}</h1>
      <OfflineHint>{t('mediation.createHint')}</OfflineHint>
      <div class="med-grid">
        <SelectField label={t('mediation.type')} name="type">
          <For each={[...CASE_TYPES]}>{(v) => <option value={v}>{label('type', v)}</option>}</For>
        </SelectField>
        <SelectField label={t('mediation.urgency')} name="urgency">
          <For each={[...URGENCIES]}>{(v) => <option value={v}>{label('urgency', v)}</option>}</For>
        </SelectField>
        <TextField label={t('mediation.building')} name="building" maxLength={8} />
        <TextField label={t('mediation.flat')} name="flat" maxLength={16} />
        <TextField label={t('mediation.placeText')} name="placeText" maxLength={200} />
        <TextField label={t('mediation.grid')} name="grid" maxLength={60} value={props.grid} />
        <DateTimeField
          label={t('mediation.reportedAt')}
          name="reportedAt"
          value={toShanghaiLocal(uiClock())}
          required
        />
        <div class="med-row">
          <DateTimeField label={t('mediation.arrivedAt')} name="arrivedAt" value={arrived()} onInput={setArrived} />
          <button type="button" class="btn" onClick={() => setArrived(toShanghaiLocal(uiClock()))}>
            {t('mediation.arrivedNow')}
          </button>
        </div>
      </div>
      <TextArea label={t('mediation.description')} name="description" rows={4} maxLength={4000} />
      <h2>{t('mediation.parties')}</h2>
      <Index each={parties()}>
        {(_id, i) => (
          <fieldset class="med-party" data-testid="intake-party">
            <TextField label={t('mediation.partyName')} name={`p${i}.name`} maxLength={60} />
            <SelectField label={t('mediation.partyRole')} name={`p${i}.role`}>
              <For each={[...PARTY_ROLES]}>
                {(r) => (
                  <option value={r} selected={(i === 0 && r === 'applicant') || (i === 1 && r === 'respondent')}>
                    {label('partyRole', r)}
                  </option>
                )}
              </For>
            </SelectField>
            <TextField label={t('mediation.phone')} name={`p${i}.phone`} type="tel" inputmode="tel" maxLength={20} />
            <TextField label={t('mediation.relationship')} name={`p${i}.relationship`} maxLength={60} />
            <TextField label={t('mediation.idNumber')} name={`p${i}.idNumber`} maxLength={18} autocomplete="off" />
            <TextField label={t('mediation.address')} name={`p${i}.address`} maxLength={120} />
          </fieldset>
        )}
      </Index>
      <button type="button" class="btn" onClick={() => setParties([...parties(), newId('p')])}>
        {t('mediation.addParty')}
      </button>
      <p class="form__error" role="alert">
        {error()}
      </p>
      <button type="submit" class="btn btn--primary btn--wide" data-testid="intake-submit">
        {t('mediation.create')}
      </button>
    </form>
  )
}
