/**
 * Conflicting ballots per household/owner; chair/secretary keep one ballot with a reason. Tablet
 * ballots show the voter's name and signature when `signatures` is given (only for roles that may
 * read the votesig doc; residents never get it).
 */
import { TextField } from '../form/Form'
import { createSignal, For, Show } from 'solid-js'
import type * as Y from 'yjs'
import { resolveConflict } from '../../domain/voting/commands'
import type { Actor } from '../../domain/actor'
import type { StoredBallot } from '../../domain/voting/read'
import type { ConflictGroup } from '../../domain/voting/resolution'
import type { SignatureEntry } from '../../domain/voting/signatures'
import { t } from '../../i18n'
import { Refusal } from '../Refusal'
import { voteRefusalText } from './refusals'
import { formatDateTime } from '../../i18n/dates'

type Signatures = ReadonlyMap<string, SignatureEntry> | null

export function ConflictsPanel(props: {
  doc: Y.Doc
  groups: ConflictGroup[]
  signatures: Signatures
  actor: Actor | null
  canResolve: boolean
}) {
  return (
    <section class="card" data-testid="conflicts">
      <h2>
        {t('voting.conflicts')}（{props.groups.length}）
      </h2>
      <For each={props.groups}>
        {(g) => (
          <Group
            doc={props.doc}
            group={g}
            signatures={props.signatures}
            actor={props.actor}
            canResolve={props.canResolve}
          />
        )}
      </For>
    </section>
  )
}

/** The signature recorded with this ballot, if it pairs up (same household and recorder). */
function signatureOf(b: StoredBallot, signatures: Signatures): SignatureEntry | null {
  const s = b.signed ? signatures?.get(b.id) : undefined
  return s && s.householdId === b.householdId && s.recordedBy === b.recordedBy ? s : null
}

function Group(props: {
  doc: Y.Doc
  group: ConflictGroup
  signatures: Signatures
  actor: Actor | null
  canResolve: boolean
}) {
  const [reason, setReason] = createSignal('')
  const [refusal, setRefusal] = createSignal<string | null>(null)
  const keep = (id: string) => {
    if (!props.actor || !reason().trim()) return
    const r = resolveConflict(props.doc, props.group, id, reason().trim(), props.actor)
    setRefusal(r.ok ? null : voteRefusalText(r))
  }
  return (
    <div class="conflict" data-testid="conflict" data-households={props.group.householdIds.join(' ')}>
      <h3>{props.group.householdIds.join('、')}</h3>
      <ul>
        <For each={props.group.ballots}>
          {(b) => (
            <li>
              <strong>{t(`voting.choice.${b.choice}`)}</strong> · {b.householdId} · {t(`voting.channel.${b.channel}`)}
              {b.paperSerial ? ` #${b.paperSerial}` : ''} · {b.recordedByName ?? t('voting.recorderUnknown')} ·{' '}
              {formatDateTime(b.at)}
              <Show when={signatureOf(b, props.signatures)}>
                {(s) => (
                  <span class="voter-signature" data-testid="voter-signature">
                    {' · '}
                    {t('voting.voterName')}：{s().voterName}
                    <svg viewBox="0 0 600 200" width="120" height="40" role="img" aria-label={t('voting.signature')}>
                      <path d={s().signature} fill="none" stroke="currentColor" stroke-width="4" />
                    </svg>
                  </span>
                )}
              </Show>
              <Show when={props.canResolve}>
                {' '}
                <button
                  type="button"
                  class="btn btn--small"
                  data-testid={`keep-${b.choice}`}
                  disabled={!reason().trim()}
                  onClick={() => keep(b.id)}
                >
                  {t('voting.keep')}
                </button>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.canResolve}>
        <TextField
          label={t('voting.reason')}
          data-testid="resolve-reason"
          value={reason()}
          onInput={setReason}
          maxLength={500}
        />
      </Show>
      <Refusal text={refusal()} onDismiss={() => setRefusal(null)} testId="resolve-refusal" />
    </div>
  )
}
