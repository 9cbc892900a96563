/**
 * The minutes: lazy TipTap editor, presence, saved versions with what changed, sealing (chair or
 * secretary, only when in sync) and, once sealed, the checksum, print link and addendum.
 */
import { TextField } from '../form/Form'
import { A } from '@solidjs/router'
import { createMemo, createSignal, For, lazy, onCleanup, Show, Suspense, type JSX } from 'solid-js'
import { t } from '../../i18n'
import { verifySeal } from '../../domain/meetings/canonical'
import { markSealed } from '../../domain/meetings/commands'
import type { MeetingId } from '../../domain/meetings/ids'
import {
  markVersion,
  readAuthors,
  readSeal,
  readVersions,
  sealMinutes,
  versionChanges,
} from '../../domain/meetings/minutes'
import { attendance, readActionItems, readMeeting, sealedRecord } from '../../domain/meetings/queries'
import { QuorumOverrideSchema, recordHasQuorum, sealMinutesWithQuorumOverride } from '../../domain/meetings/sealRules'
import { SealOverrideDialog } from './SealOverrideDialog'
import { Refusal } from '../Refusal'
import { createMeetingRefusal } from './refusals'
import { createPresence, type Peer } from '../../sync/awareness'
import { useStore } from '../bridge'
import { PresenceList } from '../notes/PresenceList'
import { RichView } from './RichView'
import { inSync, useYVersion, type Me } from './useMeeting'
import { useDoc, type UsedDoc } from '../useDoc'
import { docName } from '../../domain/docTypes'
import { formatDateTime } from '../../i18n/dates'

const MinutesEditor = lazy(() => import('./MinutesEditor'))

export interface MinutesPanelProps {
  councilId: string
  meetingId: MeetingId
  minutes: UsedDoc
  meeting: UsedDoc
  index: UsedDoc
  me: Me
  writable: boolean
  canSeal: boolean
  agendaHeadings: string[]
}

const fmt = (iso: string): string => formatDateTime(iso)

export function MinutesPanel(props: MinutesPanelProps): JSX.Element {
  const doc = props.minutes.handle.doc
  const version = useYVersion(doc)
  const presence = createPresence(props.minutes.handle.awareness)
  onCleanup(() => presence.destroy())
  const others = useStore<Peer[]>(presence.others)
  const seal = createMemo(() => (version(), readSeal(doc)))
  const verified = createMemo(() => (version(), verifySeal(doc)))
  const changes = createMemo(() => (version(), versionChanges(readVersions(doc), readAuthors(doc))))
  const [open, setOpen] = createSignal<string | null>(null)
  const [label, setLabel] = createSignal('')
  const editable = () => props.writable && !seal()
  const ready = () => props.minutes.ready()
  const syncedForSeal = () => inSync(props.minutes) && inSync(props.meeting) && inSync(props.index)

  const saveVersion = (e: Event): void => {
    e.preventDefault()
    markVersion(doc, label().trim() || t('minutes.saveVersion'), {
      userId: props.me.userId,
      name: props.me.name,
      at: new Date(),
    })
    setLabel('')
  }
  /** Quorum missing: the override dialog is open with the meeting's attendance. */
  const [override, setOverride] = createSignal<{ present: number; total: number } | null>(null)
  const refusal = createMeetingRefusal()
  const currentRecord = () =>
    sealedRecord(readMeeting(props.meeting.handle.doc), readActionItems(props.index.handle.doc, props.meetingId))
  const doSeal = (): void => {
    if (!syncedForSeal()) return
    const record = currentRecord()
    // the server's rule (sealQuorumProblem): without quorum, sealing needs a recorded reason
    if (recordHasQuorum(record) !== true) {
      const a = attendance(readMeeting(props.meeting.handle.doc).attendees)
      setOverride({ present: a.membersPresent, total: a.membersTotal })
      return
    }
    if (!window.confirm(t('minutes.sealConfirm'))) return
    finishSeal(sealMinutes(doc, record, { userId: props.me.userId, name: props.me.name, at: new Date() }))
  }
  const sealWithReason = (reason: string): void => {
    setOverride(null)
    if (!syncedForSeal()) return
    const by = { userId: props.me.userId, name: props.me.name, at: new Date() }
    finishSeal(sealMinutesWithQuorumOverride(doc, currentRecord(), by, reason))
  }
  const finishSeal = (r: ReturnType<typeof sealMinutesWithQuorumOverride>): void => {
    if (!refusal.report(r) || !r.ok) return
    const info = r.value
    markSealed(
      props.meeting.handle.doc,
      props.index.handle.doc,
      props.meetingId,
      info.sealedBy,
      info.sealedAt,
      props.me.userId,
    )
  }

  const quorumOverride = createMemo(() => {
    version()
    const p = QuorumOverrideSchema.safeParse(doc.getMap<unknown>('seal').get('quorumOverride'))
    return p.success ? p.data : null
  })
  return (
    <div class="minutes-layout">
      <Refusal text={refusal.text()} onDismiss={refusal.clear} testId="seal-refusal" />
      <Show when={override()}>
        {(o) => (
          <SealOverrideDialog
            membersPresent={o().present}
            membersTotal={o().total}
            onSeal={sealWithReason}
            onCancel={() => setOverride(null)}
          />
        )}
      </Show>
      <section class="card minutes" data-testid="minutes">
        <h2>{t('minutes.title')}</h2>
        <Show when={seal()}>
          {(s) => (
            <div class="seal-box" data-testid="seal-box">
              <p>
                {t('minutes.sealedBy', { name: s().sealedByName, at: fmt(s().sealedAt) })}　
                {t('minutes.sealedReadonly')}
              </p>
              <Show when={quorumOverride()}>
                {(o) => (
                  <p class="warn" data-testid="seal-override-recorded">
                    {t('minutes.override.recorded', { reason: o().reason, name: o().byName ?? '' })}
                  </p>
                )}
              </Show>
              <p>
                {t('minutes.hash')}：
                <code class="hash" data-testid="seal-hash">
                  {s().hash}
                </code>
              </p>
              <p
                class={verified().sealed && (verified() as { ok: boolean }).ok ? 'ok' : 'warn'}
                data-testid="seal-verified"
              >
                {verified().sealed && (verified() as { ok: boolean }).ok
                  ? t('minutes.verified')
                  : t('minutes.notVerified')}
              </p>
              <A
                class="btn btn--primary"
                href={`/c/${props.councilId}/meetings/${props.meetingId}/print`}
                data-testid="open-print"
              >
                {t('minutes.print')}
              </A>
            </div>
          )}
        </Show>
        <Show when={ready()} fallback={<p class="muted">{t('meetings.loading')}</p>}>
          <Suspense fallback={<p class="muted">{t('minutes.loadingEditor')}</p>}>
            <MinutesEditor
              doc={doc}
              awareness={props.minutes.handle.awareness}
              me={props.me}
              editable={editable()}
              agendaHeadings={props.agendaHeadings}
            />
          </Suspense>
        </Show>
        <Show when={editable()}>
          <form class="inline-form" onSubmit={saveVersion}>
            <TextField label={t('minutes.versionLabel')} value={label()} onInput={setLabel} />
            <button type="submit" class="btn" data-testid="save-version">
              {t('minutes.saveVersion')}
            </button>
            <Show when={props.canSeal}>
              <button
                type="button"
                class="btn btn--primary"
                data-testid="seal"
                disabled={!syncedForSeal()}
                onClick={doSeal}
              >
                {t('minutes.seal')}
              </button>
              <Show when={!syncedForSeal()}>
                <span class="muted">{t('minutes.sealNeedsOnline')}</span>
              </Show>
            </Show>
          </form>
        </Show>
        <h3>{t('minutes.versions')}</h3>
        <Show when={changes().length > 0} fallback={<p class="muted">{t('minutes.noVersions')}</p>}>
          <ol class="version-list" data-testid="versions">
            <For each={changes()}>
              {(c) => (
                <li data-testid="version">
                  <span>{c.version.label}</span>{' '}
                  <span class="muted">
                    {c.version.byName} · {fmt(c.version.at)}
                  </span>{' '}
                  <button
                    type="button"
                    class="btn btn--small btn--ghost"
                    onClick={() => setOpen(open() === c.version.id ? null : c.version.id)}
                  >
                    {open() === c.version.id ? t('minutes.close') : t('minutes.view')}
                  </button>
                  <Show when={open() === c.version.id}>
                    <div class="version-view" data-testid="version-view">
                      <RichView content={c.version.content} />
                      <p class="muted">{t('minutes.changedBy', { names: c.authors.join('、') })}</p>
                      <Show
                        when={c.lines.some((l) => l.op !== 'same')}
                        fallback={<p class="muted">{t('minutes.noChange')}</p>}
                      >
                        <ul class="diff">
                          <For each={c.lines.filter((l) => l.op !== 'same')}>
                            {(l) => (
                              <li class={`diff--${l.op}`}>
                                {l.op === 'added' ? '+ ' : '− '}
                                {l.text}
                              </li>
                            )}
                          </For>
                        </ul>
                      </Show>
                    </div>
                  </Show>
                </li>
              )}
            </For>
          </ol>
        </Show>
        <Show when={seal()}>
          <Addendum councilId={props.councilId} meetingId={props.meetingId} me={props.me} writable={props.writable} />
        </Show>
      </section>
      <PresenceList others={others()} />
    </div>
  )
}

function Addendum(props: { councilId: string; meetingId: MeetingId; me: Me; writable: boolean }): JSX.Element {
  const d = useDoc(docName('addendum', props.councilId, props.meetingId))
  return (
    <div class="addendum" data-testid="addendum">
      <h3>{t('minutes.addendum')}</h3>
      <Show when={d.ready()}>
        <Suspense>
          <MinutesEditor
            doc={d.handle.doc}
            awareness={d.handle.awareness}
            me={props.me}
            editable={props.writable}
            testId="addendum-content"
            label={t('minutes.addendum')}
          />
        </Suspense>
      </Show>
    </div>
  )
}
