/** Participation drive: the one reachable target (DriveTarget.tsx), and the households not yet voted per building/unit with their heads. */
import { createMemo, createResource, For, Show } from 'solid-js'
import { authedRequest } from '../../auth/session'
import { participationDrive, type HeadAssignment } from '../../domain/voting/drive'
import { DriveTargetView, useDriveTarget } from './DriveTarget'
import type { VoteSnapshot } from '../../domain/voting/read'
import type { VoteTally } from '../../domain/voting/resolution'
import { t } from '../../i18n'

export function DrivePanel(props: { councilId: string; snap: VoteSnapshot; tally: VoteTally }) {
  // Heads come from the member list (online); cached so the drive still names them offline.
  const [heads] = createResource(
    () => props.councilId,
    async (id) => {
      const key = `yishi:heads:${id}`
      try {
        const list = (
          await authedRequest<{ members: HeadAssignment[] }>(`/api/councils/${id}/members`)
        ).body.members.filter((m) => m.role === 'building_head' || m.role === 'unit_head')
        localStorage.setItem(key, JSON.stringify(list))
        return list
      } catch {
        return JSON.parse(localStorage.getItem(key) ?? '[]') as HeadAssignment[]
      }
    },
  )
  const target = useDriveTarget(
    () => props.snap,
    () => props.tally,
  )
  const drive = createMemo(() =>
    participationDrive(props.snap.roll, new Set(props.tally.effective.map((b) => b.householdId)), heads.latest ?? []),
  )
  return (
    <section class="card" data-testid="drive">
      <h2>{t('voting.drive')}</h2>
      <Show when={target()}>{(tg) => <DriveTargetView target={tg()} />}</Show>
      <For each={drive().filter((b) => b.notVotedCount > 0)}>
        {(b) => (
          <details class="drive__building">
            <summary>
              {b.building} 栋 · {t('voting.notVoted', { n: b.notVotedCount, area: b.notVotedArea })}
            </summary>
            <For each={b.units.filter((u) => u.notVoted.length > 0)}>
              {(u) => (
                <div class="drive__unit">
                  <strong>
                    {u.building}-{u.unit} 单元
                  </strong>{' '}
                  · {t('voting.notVoted', { n: u.notVoted.length, area: u.notVotedArea })}
                  <Show when={u.heads.length > 0}>
                    <span class="muted"> · {t('voting.heads', { names: u.heads.join('、') })}</span>
                  </Show>
                  <div class="drive__flats">{u.notVoted.map((f) => f.flat).join(' ')}</div>
                </div>
              )}
            </For>
          </details>
        )}
      </For>
    </section>
  )
}
