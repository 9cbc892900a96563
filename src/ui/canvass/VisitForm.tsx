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

export function VisitForm(props: {
  doc: Y.Doc
  household: HouseholdRecord
  version: VersionEntry
  proposalId: string
  me: Me
  onDone: () => void
}): JSX.Element {
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
    recordVisit(props.doc, visit)
    props.onDone()
  }

  return (
    <form class="visit-form" onSubmit={save} data-testid="visit-form">
      <fieldset class="choice-row">
        <legend>{t('canvass.outcome')}</legend>
        <For each={OUTCOMES}>
          {(o) => (
            <label class="choice">
              <input
                type="radio"
                name="outcome"
                value={o}
                checked={outcome() === o}
                onChange={() => setOutcome(o)}
                data-testid={`outcome-${o}`}
              />
              {t(`canvass.outcome.${o}` as MessageKey)}
            </label>
          )}
        </For>
      </fieldset>
      <Show when={outcome() === 'visited'}>
        <label class="field">
          <span>{t('canvass.met')}</span>
          <input value={met()} onInput={(e) => setMet(e.currentTarget.value)} maxLength={100} data-testid="visit-met" />
        </label>
        <ol class="opinion-list">
          <For each={props.version.items}>
            {(it) => (
              <li class="opinion" data-testid="opinion" data-item-id={it.id}>
                <div class="opinion__title">
                  <strong>{it.title || categoryLabel(it.category)}</strong>
                </div>
                <div class="choice-row" role="radiogroup" aria-label={it.title}>
                  <For each={STANCES}>
                    {(s) => (
                      <label class="choice">
                        <input
                          type="radio"
                          name={`stance-${it.id}`}
                          value={s}
                          checked={opinions[it.id]?.stance === s}
                          onChange={() =>
                            setOpinions(it.id, { stance: s, suggestion: opinions[it.id]?.suggestion ?? '' })
                          }
                          data-testid={`stance-${s}`}
                        />
                        {t(`canvass.stance.${s}` as MessageKey)}
                      </label>
                    )}
                  </For>
                </div>
                <input
                  class="opinion__suggestion"
                  placeholder={t('canvass.suggestion')}
                  maxLength={2000}
                  data-testid="suggestion"
                  value={opinions[it.id]?.suggestion ?? ''}
                  onInput={(e) =>
                    setOpinions(it.id, { stance: opinions[it.id]?.stance ?? 'none', suggestion: e.currentTarget.value })
                  }
                />
              </li>
            )}
          </For>
        </ol>
        <label class="field">
          <span>{t('canvass.remark')}</span>
          <input
            value={remark()}
            onInput={(e) => setRemark(e.currentTarget.value)}
            maxLength={2000}
            data-testid="visit-remark"
          />
        </label>
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
      <div class="inline-form">
        <button type="submit" class="btn btn--primary" data-testid="visit-save">
          {t('canvass.save')}
        </button>
        <button type="button" class="btn btn--ghost" onClick={() => props.onDone()}>
          {t('canvass.cancel')}
        </button>
      </div>
    </form>
  )
}
