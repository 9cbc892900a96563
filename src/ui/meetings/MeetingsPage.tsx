/** The council's meetings `/c/:councilId/meetings` (index doc): list, create, follow-ups link. */
import { DateTimeField, TextField } from '../form/Form'
import { A, useNavigate } from '@solidjs/router'
import { createSignal, Show, type JSX } from 'solid-js'
import { t } from '../../i18n'
import { createMeeting } from '../../domain/meetings/commands'
import { shanghaiDay } from '../../domain/meetings/followUps'
import { newMeetingId } from '../../domain/meetings/ids'
import { readMeetings } from '../../domain/meetings/queries'
import { openDoc } from '../../sync/docRegistry'
import { CouncilGate } from '../CouncilGate'
import { CouncilListPage, CreateForm } from '../list/CouncilListPage'
import { useDoc, useDocValue } from '../useDoc'
import { useMe } from './useMeeting'
import './meetings.css'
import { docName } from '../../domain/docTypes'
import { formatDateTime } from '../../i18n/dates'

export default function MeetingsPage(): JSX.Element {
  return (
    <CouncilGate reads="meeting">
      {(c, access) => <MeetingList councilId={c} writable={access().level('meeting') === 'write'} />}
    </CouncilGate>
  )
}

function MeetingList(props: { councilId: string; writable: boolean }): JSX.Element {
  const me = useMe()
  const navigate = useNavigate()
  const index = useDoc(docName('meetingIndex', props.councilId))
  const meetings = useDocValue(index.handle.doc, index.handle.ready, readMeetings)
  const [title, setTitle] = createSignal('')
  const [startsAt, setStartsAt] = createSignal(`${shanghaiDay(Date.now())}T19:30`)
  const [place, setPlace] = createSignal('')
  const [convener, setConvener] = createSignal(me().name)

  const create = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault()
    if (!title().trim() || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(startsAt())) return
    const id = newMeetingId()
    const meeting = openDoc(docName('meeting', props.councilId, id))
    await meeting.ready
    createMeeting(
      meeting.doc,
      index.handle.doc,
      {
        meetingId: id,
        councilId: props.councilId,
        title: title().trim(),
        startsAt: startsAt(),
        place: place().trim(),
        convener: convener().trim(),
      },
      me().userId,
      new Date(),
    )
    // Kept open until the page navigates, so the new doc is saved and sent before release.
    navigate(`/c/${props.councilId}/meetings/${id}`)
    setTimeout(() => meeting.release(), 1000)
  }

  return (
    <CouncilListPage
      councilId={props.councilId}
      title={t('meetings.title')}
      items={meetings()}
      empty={t('meetings.empty')}
      actions={
        <A class="btn" href={`/c/${props.councilId}/followups`} data-testid="open-followups">
          {t('meetings.followUps')}
        </A>
      }
      href={(m) => `/c/${props.councilId}/meetings/${m.id}`}
      linkTestId="meeting-link"
      row={(m) => (
        <>
          {m.title}{' '}
          <span class="muted">
            {formatDateTime(m.startsAt)} {m.place}
          </span>{' '}
          <span class="tag">{m.sealed ? t('meetings.sealed') : t('meetings.draft')}</span>
        </>
      )}
    >
      <Show when={props.writable}>
        <CreateForm
          title={t('meetings.new')}
          testId="meeting-form"
          submitLabel={t('meetings.create')}
          submitTestId="meeting-create"
          disabled={!index.ready()}
          onSubmit={(e) => void create(e)}
        >
          <TextField label={t('meeting.field.title')} name="title" value={title()} onInput={setTitle} required />
          <DateTimeField
            label={t('meeting.field.startsAt')}
            name="startsAt"
            value={startsAt()}
            onInput={setStartsAt}
            required
          />
          <TextField label={t('meeting.field.place')} name="place" value={place()} onInput={setPlace} />
          <TextField label={t('meeting.field.convener')} name="convener" value={convener()} onInput={setConvener} />
        </CreateForm>
      </Show>
    </CouncilListPage>
  )
}
