/** Assignment (council members with accounts) and participants from other bodies (联动调解). */
import { CheckField, SelectField, TextField } from '../form/Form'
import { problemText } from '../form/problemText'
import { useWriter } from '../form/useWriter'
import { caseAssignmentProblem } from '../../domain/mediation/writeRules'
import { createMemo, createResource, createSignal, For, Show } from 'solid-js'
import { authedRequest } from '../../auth/session'
import { putParticipant, removeParticipant, setAssignees, setLead } from '../../domain/mediation/caseCommands'
import { ORGS, type Org } from '../../domain/mediation/schema'
import { roleLabel, t } from '../../i18n'
import { Refusal } from '../Refusal'
import { createCaseRefusal } from './refusals'
import { formValues } from './form'
import { label } from './labels'
import { uiClock, type UsedCase } from './useCase'
import { newId } from '../../domain/ids'

interface Member {
  userId: string
  role: string
  name: string
}
const CASE_ROLES = ['mediator', 'grid_worker', 'chair']

export function AssignSection(props: {
  c: UsedCase
  councilId: string
  me: { userId: string; name: string }
  boss: boolean
}) {
  const doc = () => props.c.doc.handle.doc
  const meta = () => props.c.snap().meta!
  const [members] = createResource(
    () => props.councilId,
    async (id) => (await authedRequest<{ members: Member[] }>(`/api/councils/${id}/members`)).body.members,
  )
  const people = createMemo(() => {
    const map = new Map<string, { userId: string; name: string; roles: string[] }>()
    for (const m of members.latest ?? []) {
      if (!CASE_ROLES.includes(m.role)) continue
      const p = map.get(m.userId) ?? { userId: m.userId, name: m.name, roles: [] }
      p.roles.push(m.role)
      map.set(m.userId, p)
    }
    for (const id of meta().assignees)
      if (!map.has(id)) map.set(id, { userId: id, name: meta().names[id] || id, roles: [] })
    return [...map.values()]
  })
  const [picked, setPicked] = createSignal<string[] | null>(null)
  const chosen = () => picked() ?? meta().assignees
  const toggle = (id: string, on: boolean) =>
    setPicked(on ? [...new Set([...chosen(), id])] : chosen().filter((x) => x !== id))
  const writer = useWriter(() => props.councilId, 'case')
  const [error, setError] = createSignal('')
  const refusal = createCaseRefusal()
  const save = () => {
    // the server's rule: whoever is not the chair/admin stays among the assignees after the change
    const w = writer()
    const p = w ? caseAssignmentProblem(w.actor, chosen()) : null
    if (p) {
      setError(problemText(p, { forbidden: 'forms.problem.caseAssigned' }))
      return
    }
    setError('')
    const r = setAssignees(
      doc(),
      people().filter((p) => chosen().includes(p.userId)),
      props.me.userId,
      uiClock,
      props.boss,
    )
    if (refusal.report(r)) setPicked(null)
  }
  const nameOf = (id: string) => meta().names[id] || people().find((p) => p.userId === id)?.name || id
  const addParticipant = (e: SubmitEvent) => {
    e.preventDefault()
    const form = e.currentTarget as HTMLFormElement
    const f = formValues(form)
    if (!f.name) return
    const r = putParticipant(doc(), {
      id: newId('q'),
      name: f.name,
      org: (f.org ?? 'other') as Org,
      orgName: f.orgName ?? '',
      userId: null,
    })
    if (refusal.report(r)) form.reset()
  }
  return (
    <section class="card" data-testid="assign">
      <h2>{t('mediation.assign')}</h2>
      <Show when={!members.error} fallback={<p class="muted">{t('mediation.membersOffline')}</p>}>
        {null}
      </Show>
      <fieldset class="med-checks">
        <legend>{t('mediation.assignees')}</legend>
        <For each={people()}>
          {(p) => (
            <CheckField
              class="med-check"
              testId={`assignee-${p.userId}`}
              label={p.roles.length ? `${p.name}（${p.roles.map(roleLabel).join('、')}）` : p.name}
              checked={chosen().includes(p.userId)}
              disabled={p.userId === props.me.userId && !props.boss}
              onChange={(on) => toggle(p.userId, on)}
            />
          )}
        </For>
      </fieldset>
      <Show when={error()}>
        <p class="form__error" role="alert" data-testid="assign-error">
          {error()}
        </p>
      </Show>
      <button type="button" class="btn" data-testid="assign-save" disabled={picked() === null} onClick={save}>
        {t('mediation.saveAssign')}
      </button>
      <SelectField
        label={t('mediation.lead')}
        selectTestId="lead"
        value={meta().lead ?? ''}
        onChange={(id) => {
          refusal.report(setLead(doc(), id || null, id ? nameOf(id) : ''))
        }}
      >
        <option value="">{t('mediation.noLead')}</option>
        <For each={meta().assignees}>
          {(id) => (
            <option value={id} selected={meta().lead === id}>
              {nameOf(id)}
            </option>
          )}
        </For>
      </SelectField>
      <h3>{t('mediation.participants')}</h3>
      <ul class="med-list" data-testid="participants">
        <For each={props.c.snap().participants}>
          {(p) => (
            <li>
              {p.name} · {label('org', p.org)}
              <Show when={p.orgName}> · {p.orgName}</Show>
              <button
                type="button"
                class="btn btn--ghost btn--small"
                onClick={() => refusal.report(removeParticipant(doc(), p.id))}
              >
                {t('mediation.remove')}
              </button>
            </li>
          )}
        </For>
      </ul>
      <form class="inline-form" data-testid="participant-form" onSubmit={addParticipant}>
        <TextField label={t('mediation.partyName')} name="name" maxLength={60} />
        <SelectField label={t('mediation.org')} name="org">
          <For each={[...ORGS]}>{(o) => <option value={o}>{label('org', o)}</option>}</For>
        </SelectField>
        <TextField label={t('mediation.orgName')} name="orgName" maxLength={80} />
        <button type="submit" class="btn">
          {t('mediation.addParticipant')}
        </button>
      </form>
      <Refusal text={refusal.text()} onDismiss={refusal.clear} testId="assign-refusal" />
    </section>
  )
}
