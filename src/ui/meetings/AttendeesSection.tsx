/** Invitees of the five parties, sign-in by tap or handwritten signature, attendance and quorum. */
import { SelectField, TextField } from '../form/Form'
import { createSignal, For, Show, type JSX } from 'solid-js'
import type * as Y from 'yjs'
import { Refusal } from '../Refusal'
import { createMeetingRefusal } from './refusals'
import { t, type MessageKey } from '../../i18n'
import { addInvitee, signIn, undoSignIn } from '../../domain/meetings/commands'
import type { InviteeId } from '../../domain/meetings/ids'
import { attendance, type Attendee } from '../../domain/meetings/queries'
import { PARTIES, type Party } from '../../domain/meetings/schema'
import { SignaturePad, SignatureView } from './SignaturePad'

export const partyLabel = (p: Party): string => t(`meeting.party.${p}` as MessageKey)

export function AttendeesSection(props: {
  doc: Y.Doc
  attendees: Attendee[]
  editable: boolean
  userId: string
}): JSX.Element {
  const [name, setName] = createSignal('')
  const [party, setParty] = createSignal<Party>('council')
  const [signing, setSigning] = createSignal<Attendee | null>(null)
  const stats = () => attendance(props.attendees)
  const refusal = createMeetingRefusal()
  const add = (e: Event): void => {
    e.preventDefault()
    if (!name().trim()) return
    const r = addInvitee(
      props.doc,
      { name: name().trim(), party: party(), member: party() === 'council' },
      props.userId,
    )
    if (refusal.report(r)) setName('')
  }
  const tap = (a: Attendee): void => {
    refusal.report(
      signIn(
        props.doc,
        a.id as InviteeId,
        { at: new Date().toISOString(), recordedBy: props.userId, method: 'tap' },
        props.userId,
      ),
    )
  }

  return (
    <section class="card" data-testid="attendees">
      <h2>{t('meeting.attendees')}</h2>
      <p data-testid="attendance">
        {t('meeting.attendance', {
          total: props.attendees.length,
          present: stats().present,
          absent: stats().absent,
          mp: stats().membersPresent,
          mt: stats().membersTotal,
        })}{' '}
        <strong class={stats().quorum ? 'ok' : 'warn'} data-testid="quorum" data-quorum={String(stats().quorum)}>
          {stats().quorum ? t('meeting.quorum.ok') : t('meeting.quorum.no')}
        </strong>
      </p>
      <ul class="attendee-list">
        <For each={props.attendees}>
          {(a) => (
            <li data-testid="attendee" data-present={a.signIn ? 'true' : 'false'}>
              <span class="attendee-list__name">{a.name}</span>
              <span class="muted">{partyLabel(a.party)}</span>
              <span class={a.signIn ? 'ok' : 'muted'}>
                {a.signIn ? t('meeting.signIn.present') : t('meeting.signIn.absent')}
              </span>
              <Show when={a.signIn?.signature}>{(s) => <SignatureView signature={s()} />}</Show>
              <Show when={props.editable}>
                <span class="attendee-list__actions">
                  <Show
                    when={a.signIn}
                    fallback={
                      <>
                        <button type="button" class="btn btn--small" onClick={() => tap(a)}>
                          {t('meeting.signIn')}
                        </button>
                        <button
                          type="button"
                          class="btn btn--small btn--ghost"
                          data-testid="sign-signature"
                          onClick={() => setSigning(a)}
                        >
                          {t('meeting.signIn.signature')}
                        </button>
                      </>
                    }
                  >
                    <button
                      type="button"
                      class="btn btn--small btn--ghost"
                      onClick={() => undoSignIn(props.doc, a.id as InviteeId, props.userId)}
                    >
                      {t('meeting.signIn.undo')}
                    </button>
                  </Show>
                </span>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.editable}>
        <form class="inline-form" onSubmit={add}>
          <TextField label={t('meeting.invitee.name')} data-testid="invitee-name" value={name()} onInput={setName} />
          <SelectField
            label={t('meeting.invitee.party')}
            value={party()}
            onChange={(v) => setParty(v as Party)}
            options={PARTIES.map((p) => ({ value: p, label: partyLabel(p) }))}
          />
          <button type="submit" class="btn" data-testid="invitee-add">
            {t('meeting.invitee.add')}
          </button>
        </form>
      </Show>
      <Refusal text={refusal.text()} onDismiss={refusal.clear} testId="attendees-refusal" />
      <Show when={signing()}>
        {(a) => (
          <SignaturePad
            onCancel={() => setSigning(null)}
            onSave={(signature) => {
              refusal.report(
                signIn(
                  props.doc,
                  a().id as InviteeId,
                  { at: new Date().toISOString(), recordedBy: props.userId, method: 'signature', signature },
                  props.userId,
                ),
              )
              setSigning(null)
            }}
          />
        )}
      </Show>
    </section>
  )
}
