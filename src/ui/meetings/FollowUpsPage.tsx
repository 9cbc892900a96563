/** Council-wide follow-ups `/c/:councilId/followups`: every action item, overdue first. */
import { A } from '@solidjs/router'
import { createMemo, For, Show, type JSX } from 'solid-js'
import { t } from '../../i18n'
import { followUps, systemClock } from '../../domain/meetings/followUps'
import { readActionItems, readMeetings } from '../../domain/meetings/queries'
import { CouncilGate } from '../CouncilGate'
import { useDoc } from '../useDoc'
import { ActionLine } from './ItemRecords'
import { useMe, useYVersion } from './useMeeting'
import './meetings.css'
import { docName } from '../../domain/docTypes'

export default function FollowUpsPage(): JSX.Element {
  return (
    <CouncilGate reads="meeting">
      {(c, access) => <FollowUpList councilId={c} writable={access().level('meeting') === 'write'} />}
    </CouncilGate>
  )
}

function FollowUpList(props: { councilId: string; writable: boolean }): JSX.Element {
  const me = useMe()
  const index = useDoc(docName('meetingIndex', props.councilId))
  const v = useYVersion(index.handle.doc)
  const titles = createMemo(() => (v(), new Map(readMeetings(index.handle.doc).map((m) => [m.id, m.title]))))
  const list = createMemo(() => (v(), followUps(readActionItems(index.handle.doc), systemClock)))
  return (
    <div class="stack">
      <A href={`/c/${props.councilId}/meetings`} class="back-link">
        ← {t('meetings.title')}
      </A>
      <section class="card">
        <h1>{t('followUps.title')}</h1>
        <Show when={list().length > 0} fallback={<p class="muted">{t('followUps.empty')}</p>}>
          <ul class="action-list" data-testid="followups">
            <For each={list()}>
              {(a) => (
                <ActionLine a={a} index={index.handle.doc} userId={me().userId} editable={props.writable}>
                  <span class="muted">
                    {t('followUps.meeting')}：
                    <A href={`/c/${props.councilId}/meetings/${a.meetingId}`}>
                      {titles().get(a.meetingId) ?? t('followUps.meetingUnnamed')}
                    </A>
                  </span>
                </ActionLine>
              )}
            </For>
          </ul>
        </Show>
      </section>
    </div>
  )
}
