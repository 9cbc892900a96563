/** Conflicting ballots per household/owner; chair/secretary keep one ballot with a reason. */
import { createSignal, For, Show } from 'solid-js'
import type * as Y from 'yjs'
import { resolveConflict, type Actor } from '../../domain/voting/commands'
import type { ConflictGroup } from '../../domain/voting/resolution'
import { t } from '../../i18n'

export function ConflictsPanel(props: { doc: Y.Doc; groups: ConflictGroup[]; actor: Actor | null; canResolve: boolean }) {
  return (
    <section class="card" data-testid="conflicts">
      <h2>{t('voting.conflicts')}（{props.groups.length}）</h2>
      <For each={props.groups}>{(g) => <Group doc={props.doc} group={g} actor={props.actor} canResolve={props.canResolve} />}</For>
    </section>
  )
}

function Group(props: { doc: Y.Doc; group: ConflictGroup; actor: Actor | null; canResolve: boolean }) {
  const [reason, setReason] = createSignal('')
  const keep = (id: string) => {
    if (!props.actor || !reason().trim()) return
    resolveConflict(props.doc, props.group, id, reason().trim(), props.actor)
  }
  return (
    <div class="conflict" data-testid="conflict" data-households={props.group.householdIds.join(' ')}>
      <h3>{props.group.householdIds.join('、')}</h3>
      <ul>
        <For each={props.group.ballots}>
          {(b) => (
            <li>
              <strong>{t(`voting.choice.${b.choice}`)}</strong> · {b.householdId} · {t(`voting.channel.${b.channel}`)}
              {b.paperSerial ? ` #${b.paperSerial}` : ''} · {b.recordedByName ?? b.recordedBy} · {new Date(b.at).toLocaleString()}
              <Show when={props.canResolve}>
                {' '}<button type="button" class="btn btn--small" data-testid={`keep-${b.choice}`} disabled={!reason().trim()} onClick={() => keep(b.id)}>{t('voting.keep')}</button>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.canResolve}>
        <label>{t('voting.reason')}<input data-testid="resolve-reason" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} maxLength={500} /></label>
      </Show>
    </div>
  )
}
