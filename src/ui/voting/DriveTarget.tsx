/**
 * "还需 N 位业主参与（共 X m²）": the drive's one reachable target (src/domain/voting/target.ts) —
 * the fewest not-yet-voted owners meeting both 2/3 lines together, largest areas first — and who
 * they are (first ones shown), for the vote page and the meeting-room board.
 */
import { createMemo, For, Show } from 'solid-js'
import type { VoteSnapshot } from '../../domain/voting/read'
import type { VoteTally } from '../../domain/voting/resolution'
import { driveTarget, type DriveTarget } from '../../domain/voting/target'
import { t } from '../../i18n'

const SHOWN = 12

export function targetText(d: DriveTarget): string {
  if (d.met) return t('drive.met')
  if (!d.reachable) return t('drive.unreachable', { heads: d.heads, area: d.area })
  return t('drive.target', { heads: d.heads, area: d.area })
}

/** null until the vote has a tally (no meta yet). */
export function useDriveTarget(snap: () => VoteSnapshot, tally: () => VoteTally | null) {
  return createMemo(() => {
    const tl = tally()
    if (!tl) return null
    return driveTarget(snap().roll, tl.result, new Set([...snap().ballots, ...snap().late].map((b) => b.householdId)))
  })
}

export function DriveTargetView(props: { target: DriveTarget; big?: boolean }) {
  return (
    <div class={props.big ? 'board-missing' : 'drive__missing'}>
      <p
        data-testid="missing"
        data-heads={props.target.heads}
        data-area={props.target.area}
        data-reachable={String(props.target.reachable)}
      >
        {targetText(props.target)}
      </p>
      <Show when={!props.big && !props.target.met && props.target.reachable && props.target.heads > 0}>
        <p class="muted">
          {t('drive.targetWho')}
          <For each={props.target.owners.slice(0, SHOWN)}>
            {(o, i) => (
              <span data-testid="target-owner">
                {i() > 0 ? '；' : ''}
                {t('drive.owner', { flats: o.households.join('、'), area: o.area })}
              </span>
            )}
          </For>
          {props.target.owners.length > SHOWN ? ' …' : ''}
        </p>
      </Show>
    </div>
  )
}
