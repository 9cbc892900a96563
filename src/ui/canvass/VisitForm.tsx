/** Records one visit to one household: outcome, who was met, an opinion per item, optional signature. */
import { createSignal, For, Show, type JSX } from 'solid-js'
import { createStore } from 'solid-js/store'
import type * as Y from 'yjs'
import { t, type MessageKey } from '../../i18n'
import { recordVisit } from '../../domain/canvass/commands'
import { OUTCOMES, STANCES, type Opinion, type Outcome, type Visit } from '../../domain/canvass/schema'
import type { VersionEntry } from '../../domain/proposals/queries'
import type { Signature } from '../../domain/meetings/schema'
import type { HouseholdRecord } from '../../domain/roll/schema'
import { SignaturePad, SignatureView } from '../meetings/SignaturePad'
import type { Me } from '../meetings/useMeeting'
import { categoryLabel } from '../proposals/ItemEditor'
import { deviceId } from '../deviceId'
import { ChoiceField, PrimaryButton, TextField } from '../form/Form'
import { problemText } from '../form/problemText'
import { type VisitWriter, visitEntryProblem } from './visitCheck'
import { visitRefusalText } from './refusals'

export function VisitForm(props: {
  doc: Y.Doc
  household: HouseholdRecord
  version: VersionEntry
  proposalId: string
  me: Me
  /** who writes, for the entry check (null = not signed in: nothing can be recorded) */
  writer: VisitWriter | null
  onDone: () => void
}): JSX.Element {
  const [error, setError] = createSignal<string | null>(null)
  const [outcome, setOutcome] = createSignal<Outcome>('visited')
  const [met, setMet] = createSignal(props.household.ownerName)
  const [remark, setRemark] = createSignal('')
  const [opinions, setOpinions] = createStore<Record<string, Opinion>>({})
  const [signing, setSigning] = createSignal(false)
  const [signature, setSignature] = createSignal<Signature | null>(null)

  const save = (e: Event): void => {
    e.preventDefault()
    const visited = outcome() === 'visited'
    const ops: Record<string, Opinion> = {}
    if (visited)
      for (const it of props.version.items) {
        const o = opinions[it.id]
        if (o && (o.stance !== 'none' || o.suggestion.trim()))
          ops[it.id] = { stance: o.stance, suggestion: o.suggestion.trim() }
        else if (o) ops[it.id] = { stance: 'none', suggestion: '' }
      }
    const visit: Visit = {
      v: 1,
      proposalId: props.proposalId,
      versionNo: props.version.no,
      householdId: props.household.householdId,
      outcome: outcome(),
      metName: visited ? met().trim() : '',
      opinions: ops,
      remark: visited ? remark().trim() : '',
      ...(visited && signature() ? { signature: signature()! } : {}),
      visitor: props.me.userId,
      visitorName: props.me.name,
      device: deviceId(),
      at: new Date().toISOString(),
    }
    // Refused at entry, with the reason, exactly what the server would refuse: nothing is written.
    const p = visitEntryProblem(props.writer, visit)
    if (p) {
      setError(
        problemText(p, {
          flat: props.household.householdId,
          forbidden: 'forms.problem.visitOther',
        }),
      )
      return
    }
    const r = recordVisit(props.doc, visit)
    if (!r.ok) {
      setError(visitRefusalText(r))
      return
    }
    props.onDone()
  }

  const stanceOptions = STANCES.map((s) => ({ value: s, label: t(`canvass.stance.${s}` as MessageKey) }))
  return (
    <form class="visit-form stack" onSubmit={save} data-testid="visit-form">
      <ChoiceField
        legend={t('canvass.outcome')}
        name="outcome"
        value={outcome()}
        onChange={(v) => setOutcome(v as Outcome)}
        options={OUTCOMES.map((o) => ({ value: o, label: t(`canvass.outcome.${o}` as MessageKey) }))}
        optionTestId={(v) => `outcome-${v}`}
      />
      <Show when={outcome() === 'visited'}>
        <TextField label={t('canvass.met')} value={met()} onInput={setMet} maxLength={100} data-testid="visit-met" />
        <ol class="opinion-list">
          <For each={props.version.items}>
            {(it) => (
              <li class="opinion stack" data-testid="opinion" data-item-id={it.id}>
                <ChoiceField
                  legend={it.title || categoryLabel(it.category)}
                  name={`stance-${it.id}`}
                  value={opinions[it.id]?.stance}
                  onChange={(s) =>
                    setOpinions(it.id, {
                      stance: s as Opinion['stance'],
                      suggestion: opinions[it.id]?.suggestion ?? '',
                    })
                  }
                  options={stanceOptions}
                  optionTestId={(s) => `stance-${s}`}
                />
                <TextField
                  label={t('canvass.suggestion')}
                  maxLength={2000}
                  data-testid="suggestion"
                  value={opinions[it.id]?.suggestion ?? ''}
                  onInput={(v) => setOpinions(it.id, { stance: opinions[it.id]?.stance ?? 'none', suggestion: v })}
                />
              </li>
            )}
          </For>
        </ol>
        <TextField
          label={t('canvass.remark')}
          value={remark()}
          onInput={setRemark}
          maxLength={2000}
          data-testid="visit-remark"
        />
        <div class="inline-form">
          <button type="button" class="btn" onClick={() => setSigning(true)} data-testid="visit-sign">
            {t('canvass.sign')}
          </button>
          <Show when={signature()}>
            {(s) => (
              <span class="muted">
                {t('canvass.signed')} <SignatureView signature={s()} />
              </span>
            )}
          </Show>
        </div>
        <Show when={signing()}>
          <SignaturePad
            onSave={(s) => {
              setSignature(s)
              setSigning(false)
            }}
            onCancel={() => setSigning(false)}
          />
        </Show>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert" data-testid="visit-error">
          {error()}
        </p>
      </Show>
      <div class="inline-form">
        <PrimaryButton testId="visit-save">{t('canvass.save')}</PrimaryButton>
        <button type="button" class="btn btn--ghost" onClick={() => props.onDone()}>
          {t('canvass.cancel')}
        </button>
      </div>
    </form>
  )
}
