/**
 * One meeting `/c/:councilId/meetings/:meetingId`: opens the meeting doc, the council's meeting
 * index (action items) and the minutes doc; agenda, sign-in, per-item records and the minutes.
 */
import { A, useParams } from '@solidjs/router'
import { createEffect, createMemo, For, Show, type JSX } from 'solid-js'
import { t } from '../../i18n'
import { isMeetingId, type MeetingId } from '../../domain/meetings/ids'
import { readActionItems, readMeeting } from '../../domain/meetings/queries'
import { migrate, schemaVersionOf, SCHEMA_VERSION } from '../../domain/meetings/schema'
import { AccessNotice } from '../AccessNotice'
import { useCouncilAccess } from '../session'
import { useDoc } from '../useDoc'
import { AgendaSection } from './AgendaSection'
import { AttendeesSection } from './AttendeesSection'
import { ItemRecords } from './ItemRecords'
import { MinutesPanel } from './MinutesPanel'
import { useMe, useYVersion } from './useMeeting'
import './meetings.css'
import { docName } from '../../domain/docTypes'
import { formatDateTime } from '../../i18n/dates'

export default function MeetingPage(): JSX.Element {
  const params = useParams<{ councilId: string; meetingId: string }>()
  const access = useCouncilAccess(() => params.councilId)
  return (
    <Show when={isMeetingId(params.meetingId)} fallback={<p class="card">{t('meetings.invalid')}</p>}>
      <Show when={access().canRead('meeting')} fallback={<AccessNotice pending={0} />}>
        <Show when={`${params.councilId}/${params.meetingId}`} keyed>
          {(_key) => (
            <MeetingView
              councilId={params.councilId}
              meetingId={params.meetingId as MeetingId}
              writable={access().level('meeting') === 'write'}
              minutesWritable={access().level('minutes') === 'cond' || access().level('minutes') === 'write'}
              canSeal={access().roles.includes('chair') || access().roles.includes('secretary')}
            />
          )}
        </Show>
      </Show>
    </Show>
  )
}

function MeetingView(props: {
  councilId: string
  meetingId: MeetingId
  writable: boolean
  minutesWritable: boolean
  canSeal: boolean
}): JSX.Element {
  const me = useMe()
  const meeting = useDoc(docName('meeting', props.councilId, props.meetingId))
  const index = useDoc(docName('meetingIndex', props.councilId))
  const minutes = useDoc(docName('minutes', props.councilId, props.meetingId))
  const mv = useYVersion(meeting.handle.doc)
  const iv = useYVersion(index.handle.doc)
  const view = createMemo(() => (mv(), readMeeting(meeting.handle.doc)))
  const actions = createMemo(() => (iv(), readActionItems(index.handle.doc, props.meetingId)))
  const newer = createMemo(() => (mv(), schemaVersionOf(meeting.handle.doc) > SCHEMA_VERSION))
  const sealed = () => !!view().meta?.sealedAt
  const editable = () => props.writable && meeting.ready() && !newer() && !sealed()
  const ready = () => meeting.ready() && index.ready()
  // Migrations run once the local copy is loaded, and only for people who may write the doc.
  createEffect(() => {
    if (ready() && props.writable && view().meta) migrate(meeting.handle.doc, { source: 'system', reason: 'migration' })
  })
  const agendaIds = createMemo(() => new Set(view().agenda.map((a) => a.id)))
  /** Records of a removed agenda item fall back to "other business" rather than disappearing. */
  const groupOf = (agendaItemId: string | undefined): string | undefined =>
    agendaItemId && agendaIds().has(agendaItemId) ? agendaItemId : undefined

  const groups = () => [
    ...view().agenda.map((a, i) => ({ id: a.id as string | undefined, title: `${i + 1}. ${a.title}` })),
    { id: undefined, title: t('meeting.general') },
  ]

  return (
    <div class="stack meeting">
      <A href={`/c/${props.councilId}/meetings`} class="back-link">
        ← {t('meetings.title')}
      </A>
      <Show when={meeting.access() === 'ok'} fallback={<AccessNotice pending={meeting.status().pending} />}>
        <section class="card" data-testid="meeting-header" data-ready={ready() ? 'true' : 'false'}>
          <h1>{view().meta?.title ?? t('meetings.loading')}</h1>
          <Show when={view().meta}>
            {(m) => (
              <dl class="facts">
                <dt>{t('meeting.field.startsAt')}</dt>
                <dd>{formatDateTime(m().startsAt)}</dd>
                <dt>{t('meeting.field.place')}</dt>
                <dd>{m().place}</dd>
                <dt>{t('meeting.field.convener')}</dt>
                <dd>{m().convener}</dd>
              </dl>
            )}
          </Show>
          <Show when={newer()}>
            <p class="warn">{t('meetings.newerSchema')}</p>
          </Show>
          <Show when={!props.writable}>
            <p class="muted">{t('meetings.readonly')}</p>
          </Show>
        </section>
        <AgendaSection doc={meeting.handle.doc} agenda={view().agenda} editable={editable()} userId={me().userId} />
        <AttendeesSection
          doc={meeting.handle.doc}
          attendees={view().attendees}
          editable={editable()}
          userId={me().userId}
        />
        <For each={groups()}>
          {(g) => (
            <ItemRecords
              meeting={meeting.handle.doc}
              index={index.handle.doc}
              meetingId={props.meetingId}
              agendaItemId={g.id}
              title={g.title}
              decisions={view().decisions.filter((d) => groupOf(d.agendaItemId) === g.id)}
              actions={actions().filter((a) => groupOf(a.agendaItemId) === g.id)}
              editable={editable() && index.ready()}
              userId={me().userId}
            />
          )}
        </For>
        <MinutesPanel
          councilId={props.councilId}
          meetingId={props.meetingId}
          minutes={minutes}
          meeting={meeting}
          index={index}
          me={me()}
          writable={props.minutesWritable && !newer()}
          canSeal={props.canSeal}
          agendaHeadings={view().agenda.map((a, i) => `${i + 1}. ${a.title}`)}
        />
      </Show>
    </div>
  )
}
